import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startLocalApi } from '../../../src/main/api/server'
import { apiController, type ApiController } from '../../../src/main/core/api-controller'
import { withApiStatus } from '../../../src/main/core/rpc-context'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import type { OrganizationOverview } from '../../../src/shared/contracts/organization.contract'
import type { EventPayloads } from '../../../src/shared/events'
import { makeEngine } from '../../support/engine'

/** Holds a loopback port the way another program would. */
function occupyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}
const portOf = (s: Server) => (s.address() as { port: number }).port

const cleanup: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

function controllerOnTakenPort(port: number) {
  const t = makeEngine()
  const statuses: EventPayloads['api:status'][] = []
  const changed: string[] = []
  t.engine.events.on('api:status', (s) => statuses.push(s))
  t.engine.events.on('data:changed', ({ domain }) => changed.push(domain))
  const api: ApiController = apiController({
    engine: t.engine,
    target: () => ({ host: '127.0.0.1', port, portFallback: true }),
    startApi: startLocalApi,
    onStartError: 'log',
    log: () => {},
  })
  cleanup.push(async () => {
    await api.close()
    t.close()
  })
  return { t, api, statuses, changed }
}

describe('ApiController', () => {
  it('reports the port it moved to when the requested one is taken', async () => {
    const blocker = await occupyPort()
    cleanup.push(() => new Promise((r) => blocker.close(r)))
    const taken = portOf(blocker)
    const { api, statuses, changed } = controllerOnTakenPort(taken)

    await api.reconcile()

    const status = api.status()
    expect(status.requestedPort).toBe(taken)
    expect(status.movedFrom).toBe(taken)
    const actual = Number(new URL(status.url!).port)
    expect(actual).not.toBe(taken)
    expect((await fetch(`${status.url}/health`)).ok).toBe(true)
    // The UI hears about it: the status itself, and a nudge to re-read the organization.
    expect(statuses).toEqual([status])
    expect(changed).toEqual(['organization'])
  })

  it('reports no move when the requested port was free', async () => {
    const probe = await occupyPort()
    const free = portOf(probe)
    await new Promise((r) => probe.close(r))
    const { api } = controllerOnTakenPort(free)
    await api.reconcile()
    expect(api.status()).toEqual({ url: `http://127.0.0.1:${free}`, requestedPort: free })
  })

  it('puts the status into the organization overview the desktop Settings read', async () => {
    const blocker = await occupyPort()
    cleanup.push(() => new Promise((r) => blocker.close(r)))
    const { t, api } = controllerOnTakenPort(portOf(blocker))
    await api.reconcile()

    const dispatch = withApiStatus(createDispatcher({ log: () => {} }), api)
    const result = await dispatch('org:get', undefined, {
      engine: t.engine,
      actor: t.owner,
      apiUrl: api.url,
    })
    expect(result.ok).toBe(true)
    const overview = (result as { value: OrganizationOverview }).value
    expect(overview.apiUrl).toBe(api.url())
    expect(overview.apiStatus?.movedFrom).toBe(portOf(blocker))
  })
})
