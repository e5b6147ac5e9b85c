import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  RpcError,
  call,
  onEvent,
  onUnauthenticated,
  setCsrfToken,
  setTransport,
} from '../../src/renderer/src/lib/ipc'
import type { TesseraBridge } from '../../src/shared/bridge'
import { engineTransport } from './support/engine-transport'

afterEach(() => {
  setTransport(null)
  setCsrfToken(null)
  vi.unstubAllGlobals()
  delete (window as unknown as { api?: unknown }).api
})

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

describe('ipc over the real dispatcher', () => {
  it('returns values and throws typed errors carrying the field', async () => {
    const e = engineTransport()
    setTransport(e.transport)
    expect((await call('org:get')).title).toBe('Acme Labeling')
    const err = await call('serviceAccounts:create', { name: 'bot', role: 'AN' }).catch(
      (x: unknown) => x,
    )
    expect(err).toBeInstanceOf(RpcError)
    expect(err).toMatchObject({ code: 'VALIDATION', field: 'assignments' })
  })
})

describe('ipc over HTTP (serve mode)', () => {
  it('POSTs JSON to /rpc/<channel> with the session cookie and the CSRF header', async () => {
    const fetchMock = vi.fn(async () => json(200, { ok: true, value: [] }))
    vi.stubGlobal('fetch', fetchMock)
    setCsrfToken('csrf-123')
    expect(await call('serviceAccounts:list', { includeDeleted: true })).toEqual([])
    expect(fetchMock).toHaveBeenCalledWith('/rpc/serviceAccounts:list', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': 'csrf-123' },
      body: JSON.stringify({ includeDeleted: true }),
    })
  })

  it('turns failure envelopes into RpcError and 401 into UNAUTHENTICATED', async () => {
    const details = { field: 'name' }
    vi.stubGlobal(
      'fetch',
      vi
        .fn()
        .mockResolvedValueOnce(
          json(200, { ok: false, error: { code: 'CONFLICT', message: 'taken', details } }),
        )
        .mockResolvedValueOnce(
          json(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'x' } }),
        )
        .mockRejectedValueOnce(new TypeError('network down')),
    )
    const signedOut = vi.fn()
    const off = onUnauthenticated(signedOut)
    await expect(call('serviceAccounts:checkName', { name: 'a' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'taken',
      details,
      field: 'name',
    })
    await expect(call('org:get')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(signedOut).toHaveBeenCalledTimes(1)
    await expect(call('org:get')).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('Cannot reach'),
    })
    off()
  })

  it('listens to /rpc/events through one EventSource', async () => {
    const instances: FakeEventSource[] = []
    class FakeEventSource extends EventTarget {
      static CLOSED = 2
      readyState = 1
      constructor(readonly url: string) {
        super()
        instances.push(this)
      }
    }
    vi.stubGlobal('EventSource', FakeEventSource)
    const got: unknown[] = []
    const off = onEvent('data:changed', (p) => got.push(p))
    const alsoGot: unknown[] = []
    const off2 = onEvent('data:changed', (p) => alsoGot.push(p))
    expect(instances.map((i) => i.url)).toEqual(['/rpc/events'])
    const send = (es: FakeEventSource, data: string) =>
      es.dispatchEvent(new MessageEvent('data:changed', { data }))
    send(instances[0]!, '{"domain":"members"}')
    send(instances[0]!, 'not json')
    expect(got).toEqual([{ domain: 'members' }])
    expect(alsoGot).toEqual([{ domain: 'members' }])
    off2()

    // Refused (e.g. before sign-in): the stream closes; it is reopened after a pause.
    vi.useFakeTimers()
    instances[0]!.readyState = 2
    instances[0]!.dispatchEvent(new Event('error'))
    vi.advanceTimersByTime(5000)
    vi.useRealTimers()
    expect(instances).toHaveLength(2)
    send(instances[1]!, '{"domain":"org"}')
    expect(got).toEqual([{ domain: 'members' }, { domain: 'org' }])
    off()
    send(instances[1]!, '{"domain":"x"}')
    expect(got).toHaveLength(2)
  })
})

describe('ipc over the preload bridge (desktop)', () => {
  it('uses window.api when it exists and never fetches', async () => {
    const fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    const api: TesseraBridge = {
      invoke: vi.fn(async () => ({ ok: true as const, value: { available: true, message: null } })),
      on: vi.fn(() => () => {}),
      channels: [],
    }
    ;(window as unknown as { api: TesseraBridge }).api = api
    expect(await call('serviceAccounts:checkName', { name: 'x' })).toEqual({
      available: true,
      message: null,
    })
    expect(api.invoke).toHaveBeenCalledWith('serviceAccounts:checkName', { name: 'x' })
    onEvent('activity:appended', () => {})
    expect(api.on).toHaveBeenCalledWith('activity:appended', expect.any(Function))
    expect(fetchMock).not.toHaveBeenCalled()
  })
})
