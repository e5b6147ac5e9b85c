import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { renderApp } from '../support/render-app'

afterEach(() => setTransport(null))

describe('Organization and Settings', { timeout: 60_000 }, () => {
  it('shows seats (people only), the service-account quota and pending requests', async () => {
    await renderApp('organization', {
      seed: async (t) => {
        await t.value('members:addPerson', { email: 'ann@acme.test', role: 'AN' })
        await t.value('serviceAccounts:create', { name: 'bot', role: 'AD' })
        await t.value('quota:request', { count: 3, reason: 'More pipelines' })
      },
    })
    expect(await screen.findByText(/^2 of \d+ seats used$/)).toBeInTheDocument()
    expect(screen.getByText('1 of 1 included service account used')).toBeInTheDocument()
    expect(screen.getByText('1 pending')).toBeInTheDocument()
    const table = screen.getByRole('table', { name: 'Quota requests' })
    expect(within(table).getByText('More pipelines')).toBeInTheDocument()
    expect(within(table).getByRole('button', { name: /Decline request/ })).toBeInTheDocument()
  })

  it('owner declines a pending request from Settings; the quota stays', async () => {
    const { user, t } = await renderApp('settings', {
      seed: (t) => t.value('quota:request', { count: 3, reason: 'More pipelines' }),
    })
    const table = await screen.findByRole('table', { name: 'Quota requests' })
    await user.click(within(table).getByRole('button', { name: /Decline request/ }))
    expect(await within(table).findByText('declined')).toBeInTheDocument()
    expect((await t.value('org:get')).serviceAccountQuota).toBe(1)
  })

  it('saves access-token, local API and retention settings; shows the copyable base URL', async () => {
    const { user, t } = await renderApp('settings')
    expect(await screen.findByLabelText('Local API base URL')).toHaveTextContent(
      'http://127.0.0.1:8080',
    )
    await user.click(screen.getByRole('button', { name: 'Copy URL' }))
    expect(await navigator.clipboard.readText()).toBe('http://127.0.0.1:8080')

    const tokens = screen.getByRole('region', { name: 'Access tokens' })
    await user.click(within(tokens).getByRole('switch', { name: /Personal access tokens/ }))
    await user.click(within(tokens).getByRole('checkbox', { name: 'No maximum' }))
    const lifetime = within(tokens).getByRole('textbox', { name: /Maximum token lifetime/ })
    await user.clear(lifetime)
    await user.type(lifetime, '30')
    await user.click(within(tokens).getByRole('button', { name: 'Save' }))
    await waitFor(async () =>
      expect((await t.value('org:get')).settings).toMatchObject({
        patsEnabled: true,
        tokenMaxLifetimeDays: 30,
      }),
    )

    const api = screen.getByRole('region', { name: 'Local API' })
    const host = within(api).getByRole('textbox', { name: /Address/ })
    await user.clear(host)
    await user.click(within(api).getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(host).toHaveAccessibleDescription(expect.stringContaining('>=1 characters')),
    )
    expect((await t.value('org:get')).settings.apiHost).toBe('127.0.0.1')

    const retention = screen.getByRole('region', { name: 'Activity retention' })
    const days = within(retention).getByRole('textbox', { name: /Keep activity entries/ })
    await user.clear(days)
    await user.type(days, '90')
    await user.click(within(retention).getByRole('button', { name: 'Save' }))
    await waitFor(async () =>
      expect((await t.value('org:get')).settings.activityRetentionDays).toBe(90),
    )
  })
})
