import { existsSync, mkdirSync } from 'node:fs'
import { extname, join } from 'node:path'
import { app, dialog, ipcMain, type BrowserWindow } from 'electron'
import { startLocalApi } from './api/server'
import { DatabaseDamagedError } from './db/damaged'
import { SchemaTooNewError } from './db/migrate'
import { openDatabase } from './db/open'
import { defaultDeps, type Actor } from './engine/deps'
import { createEngine, type Engine } from './engine/engine'
import { startRetention } from './engine/activity/retention-schedule'
import { startSearchIndexer } from './engine/activity/search-indexer'
import { startPerformanceRollup } from './engine/performance/rollup-schedule'
import { attachIpcTransport } from './rpc/electron-ipc'
import { createMainWindow, secureApp } from './window/main-window'

export const DB_FILE = 'tessera.db'

/** Where `npm run native:electron` puts the Electron-ABI build of better-sqlite3. */
export const NATIVE_BINDING = '.electron-native/better-sqlite3/build/Release/better_sqlite3.node'

/**
 * The Electron-ABI better-sqlite3 binary, if one was built: next to package.json in
 * development, in app.asar.unpacked in a packaged app (a .node file cannot load from an asar).
 */
export function nativeBindingPath(appPath: string, exists = existsSync): string | undefined {
  const root = appPath.replace(/app\.asar$/, 'app.asar.unpacked')
  const candidate = join(root, NATIVE_BINDING)
  return exists(candidate) ? candidate : undefined
}

type StartApi = (opts: {
  engine: Engine
  host?: string
  port?: number
  portFallback?: boolean
}) => Promise<{ url: string; close(): Promise<void> }>

export interface ApiController {
  /** The running API's base URL, or null when it is switched off or failed to start. */
  url(): string | null
  /** Starts, stops or moves the API to match the organization's settings. */
  reconcile(): Promise<void>
  close(): Promise<void>
}

/**
 * Keeps the local REST API in line with the org settings (apiEnabled/apiHost/apiPort). Calls
 * are queued so a settings change never races a start or stop. A failed start is logged and
 * leaves the API off: the admin UI shows it as not running instead of the app failing.
 */
export function apiController(
  engine: Engine,
  organizationId: number,
  startApi: StartApi,
  log: (message: string, error?: unknown) => void,
): ApiController {
  let running: { key: string; server: { url: string; close(): Promise<void> } } | null = null
  let queue: Promise<void> = Promise.resolve()
  const stop = async () => {
    const current = running
    running = null
    if (current) await current.server.close()
  }
  const apply = async () => {
    const s = engine.organization.settings(organizationId)
    const key = s.apiEnabled ? `${s.apiHost}:${s.apiPort}` : 'off'
    if ((running?.key ?? 'off') === key) return
    await stop()
    if (!s.apiEnabled) return
    try {
      const server = await startApi({
        engine,
        host: s.apiHost,
        port: s.apiPort,
        portFallback: true,
      })
      running = { key, server }
    } catch (err) {
      log(`local API could not start on ${s.apiHost}:${s.apiPort}`, err)
    }
  }
  const enqueue = (step: () => Promise<void>) => (queue = queue.then(step, step))
  return {
    url: () => running?.server.url ?? null,
    reconcile: () => enqueue(apply),
    close: () => enqueue(stop),
  }
}

export interface Core {
  engine: Engine
  /** The local operator: the organization's Owner. */
  actor: Actor
  dbPath: string
  api: ApiController
  close(): Promise<void>
}

export interface CoreOptions {
  dataDir: string
  nativeBinding?: string
  startApi?: StartApi
  log?: (message: string, error?: unknown) => void
}

/**
 * The Electron-free half of the composition root: data folder → database (migrated) → engine
 * → organization (created with its Owner on first run) → local API. Throws when the database
 * cannot be opened; `describeOpenError` turns that into words for the user.
 */
export async function startCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? ((m, e) => console.error(m, e ?? ''))
  mkdirSync(opts.dataDir, { recursive: true })
  const dbPath = join(opts.dataDir, DB_FILE)
  const db = openDatabase(dbPath, { nativeBinding: opts.nativeBinding })
  try {
    const engine = createEngine(defaultDeps(db))
    const actor = engine.organization.ensure()
    const api = apiController(engine, actor.organizationId, opts.startApi ?? startLocalApi, log)
    await api.reconcile()
    // Background upkeep, each in short chunks that never hold the app for long: roll-ups for
    // the dashboard, the URL search index, and the daily retention purge.
    const stopRollup = startPerformanceRollup(engine, { log })
    const stopSearchIndexer = startSearchIndexer(engine)
    const stopRetention = startRetention(engine, { log })
    return {
      engine,
      actor,
      dbPath,
      api,
      async close() {
        stopRollup()
        stopSearchIndexer()
        stopRetention()
        await api.close()
        if (db.open) db.close()
      },
    }
  } catch (err) {
    db.close()
    throw err
  }
}

/** A title and a message for the error dialog shown when the database cannot be opened. */
export function describeOpenError(
  err: unknown,
  dbPath: string,
): { title: string; message: string } {
  const where = `\n\nDatabase: ${dbPath}`
  const code = (err as { code?: unknown } | null)?.code
  const text = err instanceof Error ? err.message : String(err)
  if (err instanceof SchemaTooNewError) {
    return { title: 'Tessera needs an update', message: text + where }
  }
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(text)) {
    return {
      title: 'Tessera cannot load its database driver',
      message:
        'better-sqlite3 was built for Node.js, not for Electron. Run `npm run native:electron` ' +
        '(it needs to download the Electron headers) and start Tessera again.' +
        `\n\n${text}`,
    }
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return {
      title: 'The database is in use',
      message:
        'Another program holds the database (another Tessera window or `npm run serve`?). ' +
        'Close it and start Tessera again.' +
        where,
    }
  }
  if (err instanceof DatabaseDamagedError) {
    return {
      title: 'The database is damaged',
      message: `${text}\n\nOr move the file aside: Tessera then starts with a new, empty organization.`,
    }
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return {
      title: 'The database is damaged',
      message:
        'This file is not a readable Tessera database. Move it aside (Tessera will start with ' +
        'an empty organization) or restore it from a backup.' +
        where,
    }
  }
  if (
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'ENOSPC'
  ) {
    return {
      title: 'Tessera cannot write its database',
      message: `Check that the folder exists, is writable and has free space.\n\n${text}${where}`,
    }
  }
  return { title: 'Tessera could not open its database', message: text + where }
}

/** The native save dialog, in the documents folder, filtered to the suggested file's type. */
async function chooseSavePath(win: BrowserWindow | null, name: string): Promise<string | null> {
  const ext = extname(name).slice(1)
  const options = {
    defaultPath: join(app.getPath('documents'), name),
    filters: ext ? [{ name: ext.toUpperCase(), extensions: [ext] }] : [],
  }
  const result =
    win && !win.isDestroyed()
      ? await dialog.showSaveDialog(win, options)
      : await dialog.showSaveDialog(options)
  return result.canceled || !result.filePath ? null : result.filePath
}

export interface Desktop {
  /** Shows the admin window, creating it if it was closed (macOS dock, second launch). */
  show(): void
  close(): Promise<void>
}

/**
 * The Electron half: app protections → core → IPC transport → window. Returns null after
 * showing an error dialog if the database cannot be opened (the caller quits).
 */
export async function startDesktop(): Promise<Desktop | null> {
  const mainDir = __dirname
  const location = secureApp(mainDir)
  const dataDir = app.getPath('userData')
  let core: Core
  try {
    core = await startCore({ dataDir, nativeBinding: nativeBindingPath(app.getAppPath()) })
  } catch (err) {
    console.error('database open failed', err)
    const { title, message } = describeOpenError(err, join(dataDir, DB_FILE))
    dialog.showErrorBox(title, message)
    return null
  }

  let win: BrowserWindow | null = null
  const transport = attachIpcTransport({
    ipcMain,
    engine: core.engine,
    actor: core.actor,
    apiUrl: core.api.url,
    target: () => (win && !win.isDestroyed() ? win.webContents : null),
    isRendererUrl: location.isOurs,
    chooseSavePath: (name) => chooseSavePath(win, name),
    // The API follows its settings at once: switching it off or moving its port in Settings
    // takes effect without a restart; the UI then re-reads the (possibly new) URL.
    onDispatched: async (channel, result) => {
      if (channel !== 'org:updateSettings' || !result.ok) return
      await core.api.reconcile()
      core.engine.events.emit('data:changed', { domain: 'organization' })
    },
  })

  const show = () => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore()
      win.focus()
      return
    }
    win = createMainWindow(mainDir, location)
    win.on('closed', () => {
      win = null
    })
  }
  show()
  return {
    show,
    async close() {
      transport.dispose()
      await core.close()
    },
  }
}
