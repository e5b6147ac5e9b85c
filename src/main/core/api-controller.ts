import type { FastifyInstance } from 'fastify'
import type { ApiStatus } from '../../shared/contracts/organization.contract'
import type { startLocalApi } from '../api/server'
import type { Engine } from '../engine/engine'

export type StartApi = (
  opts: Parameters<typeof startLocalApi>[0],
) => Promise<{ url: string; port?: number; close(): Promise<void> }>

/** Where the API should listen; null while it is switched off. */
export interface ApiTarget {
  host: string
  port: number
  /** Move on to the next free port when this one is taken (rather than failing). */
  portFallback: boolean
}

export interface ApiController {
  /** The running API's base URL, or null when it is switched off or failed to start. */
  url(): string | null
  /** The URL, the port that was asked for, and why the API is elsewhere or not running. */
  status(): ApiStatus
  /** Starts, stops or moves the API to match its target. */
  reconcile(): Promise<void>
  close(): Promise<void>
}

export interface ApiControllerOptions {
  engine: Engine
  /** Read at every reconcile: the org settings on the desktop, the command line in serve. */
  target: () => ApiTarget | null
  startApi: StartApi
  trustedHosts?: string[]
  trustProxy?: string[]
  /** Adds routes before listening (the admin UI in serve mode). */
  extend?: (app: FastifyInstance) => void | Promise<void>
  /**
   * What a failed start does: 'log' leaves the API off (the desktop admin UI shows it as not
   * running instead of the app failing); 'throw' rejects reconcile (serve has nothing else to do).
   */
  onStartError: 'log' | 'throw'
  log: (message: string, error?: unknown) => void
}

function portOf(url: string): number | null {
  try {
    const port = new URL(url).port
    return port ? Number(port) : null
  } catch {
    return null
  }
}

const sameStatus = (a: ApiStatus, b: ApiStatus) =>
  a.url === b.url &&
  a.requestedPort === b.requestedPort &&
  a.movedFrom === b.movedFrom &&
  a.error === b.error

/**
 * Keeps the local REST API in line with its target. Calls are queued so a settings change never
 * races a start or stop. Every change of status is an `api:status` engine event, followed by
 * `data:changed` for the organization so open admin screens re-read the URL.
 */
export function apiController(opts: ApiControllerOptions): ApiController {
  const { engine } = opts
  let running: { key: string; server: { url: string; close(): Promise<void> } } | null = null
  let current: ApiStatus = { url: null, requestedPort: opts.target()?.port ?? 0 }
  let queue: Promise<void> = Promise.resolve()

  const publish = (next: ApiStatus) => {
    if (sameStatus(current, next)) return
    current = next
    engine.events.emit('api:status', next)
    engine.events.emit('data:changed', { domain: 'organization' })
  }
  const stop = async () => {
    const was = running
    running = null
    if (was) await was.server.close()
  }
  const apply = async () => {
    const target = opts.target()
    const key = target ? `${target.host}:${target.port}` : 'off'
    if ((running?.key ?? 'off') === key) return
    await stop()
    if (!target) return publish({ url: null, requestedPort: current.requestedPort })
    try {
      const server = await opts.startApi({
        engine,
        host: target.host,
        port: target.port,
        portFallback: target.portFallback,
        trustedHosts: opts.trustedHosts,
        trustProxy: opts.trustProxy,
        extend: opts.extend,
      })
      running = { key, server }
      const actual = server.port ?? portOf(server.url)
      const moved = target.port !== 0 && actual !== null && actual !== target.port
      publish({
        url: server.url,
        requestedPort: target.port,
        ...(moved ? { movedFrom: target.port } : {}),
      })
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      publish({
        url: null,
        requestedPort: target.port,
        error: `could not listen on ${target.host}:${target.port}: ${reason}`,
      })
      if (opts.onStartError === 'throw') throw err
      opts.log(`local API could not start on ${target.host}:${target.port}`, err)
    }
  }
  const enqueue = (step: () => Promise<void>) => {
    const next = queue.then(step)
    // A failed step is reported to its caller; the queue itself carries on.
    queue = next.catch(() => undefined)
    return next
  }
  return {
    url: () => running?.server.url ?? null,
    status: () => current,
    reconcile: () => enqueue(apply),
    close: () => enqueue(stop),
  }
}
