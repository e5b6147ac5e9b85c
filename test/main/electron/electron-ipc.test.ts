import { afterEach, describe, expect, it, vi } from 'vitest'
import { attachIpcTransport, type IpcTransport } from '../../../src/main/rpc/electron-ipc'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import { IPC_EVENT, IPC_RPC } from '../../../src/shared/bridge'
import { makeEngine } from '../../support/engine'
import { fakeWire } from './fake-electron'

const OURS = 'file:///opt/tessera/out/renderer/index.html'
const isRendererUrl = (url: string) => url.split('#')[0] === OURS

let transport: IpcTransport | null = null
afterEach(() => transport?.dispose())

function setup(url = OURS, extra: Partial<Parameters<typeof attachIpcTransport>[0]> = {}) {
  const t = makeEngine()
  const wire = fakeWire(url)
  const log = vi.fn()
  transport = attachIpcTransport({
    ipcMain: wire.ipcMain,
    engine: t.engine,
    actor: t.owner,
    apiUrl: () => 'http://127.0.0.1:8080',
    target: () => wire.contents,
    isRendererUrl,
    dispatch: createDispatcher({ log: () => {} }),
    log,
    ...extra,
  })
  return { ...t, wire, log }
}

describe('Electron IPC transport', () => {
  it('dispatches calls from the main frame of our window to the engine', async () => {
    const { wire } = setup()
    const result = await wire.invokeFrom(
      wire.mainFrame,
      wire.contents,
      IPC_RPC,
      'org:get',
      undefined,
    )
    expect(result).toMatchObject({
      ok: true,
      value: { title: 'Acme Labeling', apiUrl: 'http://127.0.0.1:8080' },
    })
  })

  it('refuses a sub-frame of our window', async () => {
    const { wire, log } = setup()
    const child = { url: OURS }
    const result = await wire.invokeFrom(child, wire.contents, IPC_RPC, 'org:get', undefined)
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(log).toHaveBeenCalled()
  })

  it('refuses our main frame once it shows another page', async () => {
    const { wire } = setup('https://evil.test/')
    const result = await wire.invokeFrom(
      wire.mainFrame,
      wire.contents,
      IPC_RPC,
      'org:get',
      undefined,
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('refuses other web contents and calls with no frame', async () => {
    const { wire } = setup()
    const other = { ...wire.contents }
    expect(
      await wire.invokeFrom(wire.mainFrame, other, IPC_RPC, 'org:get', undefined),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await wire.invokeFrom(null, wire.contents, IPC_RPC, 'org:get', undefined)).toMatchObject(
      {
        ok: false,
        error: { code: 'FORBIDDEN' },
      },
    )
  })

  it('refuses everything while there is no window', async () => {
    const { wire } = setup(OURS, { target: () => null })
    const result = await wire.invokeFrom(
      wire.mainFrame,
      wire.contents,
      IPC_RPC,
      'org:get',
      undefined,
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('changes nothing when it refuses a mutating call', async () => {
    const { wire, value } = setup()
    const child = { url: OURS }
    await wire.invokeFrom(child, wire.contents, IPC_RPC, 'workspaces:create', { title: 'Sneaky' })
    expect(await value('workspaces:list')).toEqual([])
  })

  it('answers bad input and unknown channels with a Result, never a throw', async () => {
    const { wire } = setup()
    const call = (channel: unknown, input: unknown) =>
      wire.invokeFrom(wire.mainFrame, wire.contents, IPC_RPC, channel as string, input)
    expect(await call('nope:never', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await call('workspaces:create', { title: 42 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { field: 'title' } },
    })
  })

  it('hands the native save dialog to handlers that export', async () => {
    const chooseSavePath = vi.fn(async () => null)
    const { wire } = setup(OURS, { chooseSavePath })
    const result = await wire.invokeFrom(
      wire.mainFrame,
      wire.contents,
      IPC_RPC,
      'activity:export',
      {
        format: 'csv',
      },
    )
    expect(chooseSavePath).toHaveBeenCalledWith('activity-log.csv')
    expect(result).toMatchObject({ ok: true, value: { cancelled: true, path: null } })
  })

  it('refuses a file path from the renderer, even where the dialog would have asked', async () => {
    const chooseSavePath = vi.fn(async () => '/tmp/from-dialog.csv')
    const { wire, log } = setup(OURS, { chooseSavePath })
    const sent = [
      ['backup:create', { path: '/home/owner/.bashrc' }],
      ['activity:export', { format: 'csv', path: '/tmp/x.csv' }],
      ['performance:export', { query: { from: 0, to: 1 }, format: 'csv', path: '/tmp/x.csv' }],
      ['security:credentialReport', { filePath: '/tmp/x.csv' }],
    ] as const
    for (const [channel, input] of sent) {
      const result = await wire.invokeFrom(wire.mainFrame, wire.contents, IPC_RPC, channel, input)
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringMatching(/save dialog/) },
      })
    }
    expect(chooseSavePath).not.toHaveBeenCalled()
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/a file path in its input/))
  })

  it('reports each dispatched call to onDispatched', async () => {
    const onDispatched = vi.fn()
    const { wire } = setup(OURS, { onDispatched })
    await wire.invokeFrom(wire.mainFrame, wire.contents, IPC_RPC, 'org:updateSettings', {
      apiPort: 9090,
    })
    expect(onDispatched).toHaveBeenCalledWith(
      'org:updateSettings',
      expect.objectContaining({ ok: true }),
    )
  })

  it('forwards engine events to the window until disposed', async () => {
    const { wire, engine } = setup()
    await wire.invokeFrom(wire.mainFrame, wire.contents, IPC_RPC, 'workspaces:create', {
      title: 'Alpha',
    })
    expect(wire.sent).toContainEqual([IPC_EVENT, 'activity:appended', expect.any(Object)])
    engine.events.emit('data:changed', { domain: 'organization' })
    expect(wire.sent.at(-1)).toEqual([IPC_EVENT, 'data:changed', { domain: 'organization' }])

    transport!.dispose()
    transport = null
    const before = wire.sent.length
    engine.events.emit('data:changed', { domain: 'x' })
    expect(wire.sent.length).toBe(before)
    expect(wire.handlerCount()).toBe(0)
  })
})
