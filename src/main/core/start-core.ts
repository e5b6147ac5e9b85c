import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { DEFAULT_HOST, DEFAULT_PORT, startLocalApi } from '../api/server'
import { PRIVATE_MKDIR } from '../db/file-modes'
import { openDatabase } from '../db/open'
import { startWalCheckpointer } from '../db/wal-checkpointer'
import { startRetention } from '../engine/activity/retention-schedule'
import { startSearchIndexer } from '../engine/activity/search-indexer'
import type { Db } from '../db/open'
import type { LogKeys } from '../engine/activity/log-keys'
import { defaultDeps, type Actor } from '../engine/deps'
import { installationKeys } from './log-key-file'
import { createEngine, type Engine } from '../engine/engine'
import { startPerformanceRollup } from '../engine/performance/rollup-schedule'
import { startStaleAccountRule } from '../engine/stale-accounts-schedule'
import type { SecretBox } from '../engine/streams/secrets'
import { apiController, type ApiController, type ApiTarget, type StartApi } from './api-controller'

export interface Core {
  engine: Engine
  /** The local operator: the organization's Owner. */
  actor: Actor
  dbPath: string
  api: ApiController
  close(): Promise<void>
}

export interface CoreApiOptions {
  host?: string
  /** Defaults to 8080. */
  port?: number
  /** Move on to the next free port when the port is taken; defaults to true. */
  portFallback?: boolean
  /** Host names accepted besides the bound address (a proxy's public name). */
  trustedHosts?: string[]
  /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-* headers are believed. */
  trustProxy?: string[]
  /** Adds routes before listening: serve mode puts the admin UI on the API's address. */
  extend?(app: FastifyInstance, engine: Engine): void | Promise<void>
}

export interface CoreOptions {
  /** The database file (created if missing), or ':memory:'. */
  dbPath: string
  log?: (message: string, error?: unknown) => void
  /** Replaces startLocalApi (tests). */
  startApi?: StartApi
  /**
   * A fixed API address (serve). Without it the API follows the organization's settings
   * (apiEnabled/apiHost/apiPort), as on the desktop, and a failed start leaves it off.
   */
  api?: CoreApiOptions
  /** Seals log-stream secrets (the desktop passes Electron's safeStorage); the file otherwise. */
  secretBox?: SecretBox
  /** Runs once the organization exists, before jobs and API start (serve --demo fills it). */
  prepare?(engine: Engine, actor: Actor): void
  /**
   * The activity log key (see log-key-file.ts). Default: the 0600 file `logKeyFile`, or
   * `<database>.log-key`, created on first use; a ':memory:' database has none. The desktop
   * passes its safeStorage store instead.
   */
  logKeys?: (db: Db, dbPath: string) => LogKeys | null
  logKeyFile?: string
}

/** The API target the organization's settings ask for; null when they switch it off. */
function settingsTarget(engine: Engine, organizationId: number): ApiTarget | null {
  const s = engine.organization.settings(organizationId)
  return s.apiEnabled ? { host: s.apiHost, port: s.apiPort, portFallback: true } : null
}

/**
 * The one start-up of the desktop app and `serve`: database (opened and migrated) → engine →
 * organization (created with its Owner on first run) → background jobs → local API. Electron-
 * free. Throws when the database cannot be opened (`describeOpenError` has words for the user)
 * and, with a fixed `api` address, when the API cannot listen there.
 */
export async function startCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? ((m, e) => console.error(m, e ?? ''))
  if (opts.dbPath !== ':memory:') mkdirSync(dirname(opts.dbPath), PRIVATE_MKDIR)
  const db = openDatabase(opts.dbPath)
  // WAL checkpoints on a worker thread: no request waits for one (see wal-checkpointer.ts).
  const checkpointer = startWalCheckpointer(db, opts.dbPath, { log })
  const stops: (() => void)[] = []
  let api: ApiController | null = null
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) stop()
    await api?.close()
    await checkpointer.stop()
    if (db.open) db.close()
  }
  try {
    const deps = defaultDeps(db)
    const logKeys = opts.logKeys
      ? opts.logKeys(db, opts.dbPath)
      : opts.dbPath === ':memory:'
        ? null
        : installationKeys(db, opts.dbPath, {
            keyFile: opts.logKeyFile,
            randomBytes: deps.randomBytes,
          })
    const engine = createEngine({ ...deps, logKeys, secretBox: opts.secretBox })
    const actor = engine.organization.ensure()
    opts.prepare?.(engine, actor)

    // Background upkeep, each in short chunks that never hold the app for long: roll-ups for
    // the dashboard, the URL search index, the daily retention purge, the daily rule for
    // unused service accounts, and log-stream delivery.
    stops.push(startPerformanceRollup(engine, { log }))
    stops.push(startSearchIndexer(engine))
    stops.push(startRetention(engine, { log }))
    stops.push(startStaleAccountRule(engine, { log }))
    stops.push(engine.streams.startDelivery({ log }))

    const fixed = opts.api
    const extend = fixed?.extend
    api = apiController({
      engine,
      target: fixed
        ? () => ({
            host: fixed.host ?? DEFAULT_HOST,
            port: fixed.port ?? DEFAULT_PORT,
            portFallback: fixed.portFallback ?? true,
          })
        : () => settingsTarget(engine, actor.organizationId),
      startApi: opts.startApi ?? startLocalApi,
      trustedHosts: fixed?.trustedHosts,
      trustProxy: fixed?.trustProxy,
      extend: extend && ((app) => extend(app, engine)),
      onStartError: fixed ? 'throw' : 'log',
      log,
    })
    // Settings move the API at once (switching it off or changing its port takes effect
    // without a restart). In serve mode the command line fixed the address, so settings do
    // not move it: the admin UI is served from that same address and must stay put.
    if (!fixed) {
      const controller = api
      stops.push(engine.events.on('settings:changed', () => void controller.reconcile()))
    }
    await api.reconcile()

    return {
      engine,
      actor,
      dbPath: opts.dbPath,
      api,
      // Jobs first (they write to the database), then the API, then the database.
      close: stopAll,
    }
  } catch (err) {
    await stopAll()
    throw err
  }
}
