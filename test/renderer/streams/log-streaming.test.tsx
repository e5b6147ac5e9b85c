import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { renderApp, serializeStores } from '../support/render-app'

afterEach(() => setTransport(null))

describe('Settings → Log streaming', { timeout: 60_000 }, () => {
  it('adds a stream, shows a bad address next to its field, and never shows the token again', async () => {
    const { user, t } = await renderApp('settings')
    const section = await screen.findByRole('region', { name: 'Log streaming' })
    expect(within(section).getByText('No log streams.')).toBeInTheDocument()
    await user.click(within(section).getByRole('button', { name: 'Add a log stream' }))
    const form = within(section).getByRole('form', { name: 'Add a log stream' })
    await user.type(within(form).getByRole('textbox', { name: /Name/ }), 'SIEM')
    await user.type(
      within(form).getByRole('textbox', { name: /Address/ }),
      'udp://logs.example.com:514',
    )
    await user.click(within(form).getByRole('button', { name: 'Add stream' }))
    expect(await within(form).findByText(/UDP loses entries/)).toBeInTheDocument()
    expect((await t.value('streams:list')).streams).toEqual([])

    await user.click(within(form).getByRole('combobox', { name: 'Destination' }))
    await user.click(await screen.findByRole('option', { name: 'Splunk HTTP Event Collector' }))
    const address = within(form).getByRole('textbox', { name: /Address/ })
    await user.clear(address)
    await user.type(address, 'https://splunk.example.com:8088')
    await user.type(within(form).getByLabelText(/HEC token/), 'secret-hec-token-42')
    await user.click(within(form).getByRole('button', { name: 'Add stream' }))
    const table = await within(section).findByRole('table', { name: 'Log streams' })
    expect(within(table).getByText('SIEM')).toBeInTheDocument()
    expect(
      within(table).getByText(
        /Splunk HEC · https:\/\/splunk.example.com:8088\/services\/collector\/event/,
      ),
    ).toBeInTheDocument()
    expect(document.body.textContent).not.toContain('secret-hec-token-42')
    expect(serializeStores()).not.toContain('secret-hec-token-42')

    await user.click(within(table).getByRole('button', { name: 'Pause' }))
    expect(await within(table).findByText('Paused')).toBeInTheDocument()
    expect((await t.value('streams:list')).streams[0]!.paused).toBe(true)
  })

  it('flags a failing stream on the Organization screen, with the receiver’s words', async () => {
    await renderApp('organization', {
      seed: async (t) => {
        const s = await t.value('streams:add', {
          name: 'relay',
          target: { kind: 'syslog', url: 'tcp://127.0.0.1:6514' },
        })
        t.repos.logStreams.fail(
          s.id,
          'tcp://127.0.0.1:6514: connect ECONNREFUSED 127.0.0.1:6514',
          t.clock.now(),
        )
      },
    })
    const title = await screen.findByText('A log stream is failing')
    const alert = title.closest('[role="alert"]')!
    expect(alert).toHaveTextContent(
      /relay: Failing since .* — tcp:\/\/127.0.0.1:6514: connect ECONNREFUSED/,
    )
  })
})
