/// <reference types="node" />
// The activity export never names a file from the page: in a browser it is a download the
// server streams; in the desktop app the main process asks with its save dialog.
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { ActivityToolbar } from '../../../src/renderer/src/features/activity/ActivityToolbar'
import { useActivityStore } from '../../../src/renderer/src/features/activity/activity.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { makeEngine } from '../../support/engine'

const sent: { channel: string; input: unknown }[] = []
let choose = vi.fn(async (): Promise<string | null> => null)
beforeEach(() => {
  useActivityStore.getState().reset()
  sent.length = 0
  choose = vi.fn(async (): Promise<string | null> => null)
  const t = makeEngine()
  const dispatch = createDispatcher({ log: () => {} })
  setTransport({
    invoke: (channel, input) => {
      sent.push({ channel, input })
      return dispatch(channel, input, { engine: t.engine, actor: t.owner, chooseSavePath: choose })
    },
    on: () => () => {},
  })
})
afterEach(() => setTransport(null))

const toolbar = (browserDownload: boolean) =>
  render(
    <AppProviders>
      <ActivityToolbar browserDownload={browserDownload} />
    </AppProviders>,
  )

describe('activity export', () => {
  it('downloads in a browser, with no path and no call that writes a file', async () => {
    const user = userEvent.setup()
    const hrefs: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      hrefs.push(this.getAttribute('href') ?? '')
    })
    toolbar(true)
    expect(screen.queryByRole('textbox')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Export' }))
    expect(screen.queryByRole('menuitem', { name: /Save/ })).toBeNull()
    await user.click(await screen.findByRole('menuitem', { name: 'Download CSV' }))
    expect(hrefs).toHaveLength(1)
    expect(hrefs[0]).toMatch(/^\/rpc\/activity\/export\?format=csv&filter=/)
    expect(sent.map((s) => s.channel)).not.toContain('activity:export')
    click.mockRestore()
  })

  it('asks the save dialog in the desktop app, sending no path', async () => {
    const user = userEvent.setup()
    toolbar(false)
    await user.click(screen.getByRole('button', { name: 'Export' }))
    expect(screen.queryByRole('menuitem', { name: /Download/ })).toBeNull()
    await user.click(await screen.findByRole('menuitem', { name: 'Save JSON…' }))
    await waitFor(() => expect(choose).toHaveBeenCalledWith('activity-log.json'))
    const call = sent.find((s) => s.channel === 'activity:export')
    expect(call?.input).toMatchObject({ format: 'json' })
    expect(JSON.stringify(call?.input)).not.toMatch(/path/i)
  })
})
