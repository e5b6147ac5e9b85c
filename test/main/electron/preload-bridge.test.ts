import { describe, expect, it, vi } from 'vitest'
import { attachIpcTransport } from '../../../src/main/rpc/electron-ipc'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import { createBridge, type BridgeIpc } from '../../../src/preload/bridge'
import { channels, type Channel } from '../../../src/shared/contracts'
import type { Result } from '../../../src/shared/result'
import { makeEngine, T0 } from '../../support/engine'
import { fakeWire } from './fake-electron'

const OURS = 'file:///opt/tessera/out/renderer/index.html'

/** The whole desktop path: window.api → ipcRenderer → ipcMain → dispatcher → engine. */
function desktop() {
  const t = makeEngine()
  const wire = fakeWire(OURS)
  const transport = attachIpcTransport({
    ipcMain: wire.ipcMain,
    engine: t.engine,
    actor: t.owner,
    target: () => wire.contents,
    isRendererUrl: (url) => url === OURS,
    dispatch: createDispatcher({ log: () => {} }),
    log: () => {},
  })
  return { ...t, wire, transport, api: createBridge(wire.ipcRenderer) }
}

type Ids = Record<string, number>
type Step = [Channel, (ids: Ids) => unknown, string?]

/** A realistic admin session touching every domain; `save` names the id a step creates. */
const SCRIPT: Step[] = [
  ['org:get', () => undefined],
  ['org:updateSettings', () => ({ title: 'Acme Two', apiPort: 9090 })],
  ['members:addPerson', () => ({ email: 'ann@acme.test', role: 'AN' }), 'person'],
  ['members:list', () => undefined],
  ['members:changeRole', (i) => ({ userId: i.person, role: 'RE' })],
  ['members:deactivate', (i) => ({ userId: i.person })],
  ['members:reactivate', (i) => ({ userId: i.person, role: 'AN' })],
  ['workspaces:create', () => ({ title: 'Alpha' }), 'ws'],
  ['workspaces:list', () => undefined],
  ['workspaces:update', (i) => ({ id: i.ws, title: 'Alpha 2' })],
  ['workspaces:addMember', (i) => ({ id: i.ws, userId: i.person })],
  ['workspaces:members', (i) => ({ id: i.ws })],
  ['workspaces:removeMember', (i) => ({ id: i.ws, userId: i.person })],
  ['projects:create', (i) => ({ title: 'Cats', workspaceId: i.ws }), 'project'],
  ['projects:list', () => undefined],
  ['projects:update', (i) => ({ id: i.project, description: 'cat pictures' })],
  ['projects:addMember', (i) => ({ id: i.project, userId: i.person })],
  ['projects:members', (i) => ({ id: i.project })],
  ['projects:removeMember', (i) => ({ id: i.project, userId: i.person })],
  ['serviceAccounts:checkName', () => ({ name: 'ci-bot' })],
  [
    'serviceAccounts:create',
    (i) => ({ name: 'ci-bot', role: 'AN', projectIds: [i.project] }),
    'sa',
  ],
  ['serviceAccounts:list', () => undefined],
  ['serviceAccounts:get', (i) => ({ userId: i.sa })],
  ['serviceAccounts:changeRole', (i) => ({ userId: i.sa, role: 'RE', projectIds: [i.project] })],
  ['serviceAccounts:setAssignments', (i) => ({ userId: i.sa, workspaceIds: [i.ws] })],
  ['serviceAccounts:resetToken', (i) => ({ userId: i.sa })],
  ['serviceAccounts:delete', (i) => ({ userId: i.sa, confirmName: 'ci-bot' })],
  ['serviceAccounts:undelete', (i) => ({ userId: i.sa })],
  ['quota:request', () => ({ count: 2, reason: 'CI pipelines' }), 'q1'],
  ['quota:list', () => undefined],
  ['quota:approve', (i) => ({ id: i.q1 })],
  ['quota:request', () => ({ count: 1, reason: 'One more' }), 'q2'],
  ['quota:decline', (i) => ({ id: i.q2, note: 'not now' })],
  ['projects:archive', (i) => ({ id: i.project, archived: true })],
  ['workspaces:archive', (i) => ({ id: i.ws, archived: true })],
]

/** Channels still being written by others get a plausible input; the result may be an error. */
const LENIENT: Partial<Record<string, unknown>> = {
  'activity:list': {},
  'activity:count': {},
  'activity:get': { id: 1 },
  'performance:report': { from: T0 - 86_400_000, to: T0 + 86_400_000 },
}

describe('preload bridge', () => {
  it('round-trips every registered channel exactly like a direct dispatcher call', async () => {
    const viaBridge = desktop()
    // A twin engine (same fixed clock and random seed) called directly: same calls, same answers.
    const direct = makeEngine()
    const ids: Ids = {}
    const called = new Set<string>()
    const both = async (channel: Channel, input: unknown) => {
      const [a, b] = [
        await viaBridge.api.invoke(channel, input),
        await direct.call(channel, input as never),
      ]
      called.add(channel)
      expect(a, channel).toEqual(structuredClone(b))
      return a
    }
    for (const [channel, input, save] of SCRIPT) {
      const result = await both(channel, input(ids))
      expect(result, `${channel} ${JSON.stringify(result)}`).toMatchObject({ ok: true })
      if (save && result.ok) {
        const v = result.value as { id?: number; userId?: number; account?: { userId: number } }
        ids[save] = v.account?.userId ?? v.userId ?? v.id ?? NaN
      }
    }
    for (const channel of channels.filter((c) => !called.has(c))) {
      const result = await both(channel, LENIENT[channel] ?? {})
      // Reached the dispatcher: an unregistered channel would be "Unknown operation".
      if (!result.ok) expect(result.error.message).not.toMatch(/^Unknown operation/)
    }
    expect([...called].sort()).toEqual([...channels].sort())
    viaBridge.transport.dispose()
  })

  it('exposes exactly the registry', () => {
    const { api } = desktop()
    expect([...api.channels].sort()).toEqual([...channels].sort())
    expect(Object.isFrozen(api.channels)).toBe(true)
    expect(Object.keys(api).sort()).toEqual(['channels', 'invoke', 'on'])
  })

  it('refuses unknown channels without reaching ipcRenderer', async () => {
    const ipc = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() }
    const api = createBridge(ipc as unknown as BridgeIpc)
    for (const bad of ['nope:never', 'constructor', '__proto__', 42, null]) {
      const result = (await api.invoke(bad as Channel, {})) as Result<unknown>
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
    expect(ipc.invoke).not.toHaveBeenCalled()
  })

  it('delivers engine events to subscribers of that event only, until they unsubscribe', async () => {
    const { api, engine, wire, transport } = desktop()
    const changed = vi.fn()
    const appended = vi.fn()
    const offChanged = api.on('data:changed', changed)
    api.on('activity:appended', appended)

    engine.events.emit('data:changed', { domain: 'workspaces' })
    expect(changed).toHaveBeenCalledWith({ domain: 'workspaces' })
    expect(appended).not.toHaveBeenCalled()

    await api.invoke('workspaces:create', { title: 'Beta' })
    expect(appended).toHaveBeenCalledWith({ lastId: expect.any(Number) })

    offChanged()
    offChanged()
    engine.events.emit('data:changed', { domain: 'projects' })
    expect(changed).toHaveBeenCalledTimes(1)
    expect(wire.listenerCount('tessera:event')).toBe(1)
    transport.dispose()
  })

  it('turns a failed IPC call into an INTERNAL result instead of a rejection', async () => {
    const ipc = { invoke: vi.fn(async () => Promise.reject(new Error('No handler'))), on: vi.fn() }
    const api = createBridge({ ...ipc, removeListener: vi.fn() } as unknown as BridgeIpc)
    await expect(api.invoke('org:get', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    })
  })

  it('ignores subscriptions to unknown events', () => {
    const ipc = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() }
    const api = createBridge(ipc as unknown as BridgeIpc)
    const off = api.on('not:an-event' as 'data:changed', () => {})
    expect(ipc.on).not.toHaveBeenCalled()
    expect(off).toBeTypeOf('function')
  })
})

describe('preload entry', () => {
  it('exposes the bridge as window.api and never ipcRenderer itself', async () => {
    const exposeInMainWorld = vi.fn()
    const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn() }
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer }))
    await import('../../../src/preload/index')
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1)
    const [key, api] = exposeInMainWorld.mock.calls[0]!
    expect(key).toBe('api')
    expect(Object.values(api as object)).not.toContain(ipcRenderer)
    expect(Object.keys(api as object).sort()).toEqual(['channels', 'invoke', 'on'])
    vi.doUnmock('electron')
  })
})
