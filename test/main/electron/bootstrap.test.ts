import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => {
  const state = {
    userData: '',
    handlers: new Map<string, unknown>(),
    showErrorBox: vi.fn(),
    windows: 0,
  }
  class BrowserWindow {
    webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn(), send: vi.fn() }
    constructor() {
      state.windows++
    }
    once = vi.fn()
    on = vi.fn()
    isDestroyed = () => false
    isMinimized = () => false
    restore = vi.fn()
    focus = vi.fn()
    loadFile = vi.fn(async () => undefined)
    loadURL = vi.fn(async () => undefined)
  }
  const module = {
    app: {
      isPackaged: false,
      getPath: () => state.userData,
      getAppPath: () => state.userData,
      on: vi.fn(),
    },
    dialog: { showErrorBox: state.showErrorBox },
    ipcMain: {
      handle: (channel: string, fn: unknown) => state.handlers.set(channel, fn),
      removeHandler: (channel: string) => state.handlers.delete(channel),
    },
    BrowserWindow,
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: vi.fn() },
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
      },
    },
    shell: { openExternal: vi.fn() },
  }
  return { state, module }
})
vi.mock('electron', () => electron.module)
// The desktop start must not bind a real port in tests.
vi.mock('../../../src/main/api/server', () => ({
  startLocalApi: vi.fn(async (o: { host: string; port: number }) => ({
    url: `http://${o.host}:${o.port}`,
    close: async () => undefined,
  })),
}))

const boot = await import('../../../src/main/bootstrap')
const { SchemaTooNewError } = await import('../../../src/main/db/migrate')
const { IPC_RPC } = await import('../../../src/shared/bridge')

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-boot-'))
  electron.state.userData = dir
  electron.state.handlers.clear()
  electron.state.windows = 0
  vi.clearAllMocks()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A fake startLocalApi that records what it was asked to do. */
function fakeApi(fail = false) {
  const calls: string[] = []
  const startApi = vi.fn(async (o: { host?: string; port?: number; portFallback?: boolean }) => {
    if (fail) throw new Error('EADDRINUSE')
    calls.push(`start ${o.host}:${o.port}${o.portFallback ? ' +fallback' : ''}`)
    return {
      url: `http://${o.host}:${o.port}`,
      close: async () => void calls.push(`stop ${o.host}:${o.port}`),
    }
  })
  return { startApi, calls }
}

describe('startCore', () => {
  it('creates the organization on a new database file and finds it again after a restart', async () => {
    const api = fakeApi()
    const first = await boot.startCore({ dataDir: dir, startApi: api.startApi, log: () => {} })
    expect(first.dbPath).toBe(join(dir, 'tessera.db'))
    const overview = first.engine.organization.overview(first.actor.organizationId)
    expect(overview.owner).not.toBeNull()
    expect(overview.owner!.id).toBe(first.actor.userId)
    first.engine.workspaces.create(first.actor, { title: 'Kept', description: '' })
    await first.close()

    const second = await boot.startCore({ dataDir: dir, startApi: api.startApi, log: () => {} })
    expect(second.actor).toEqual(first.actor)
    expect(second.engine.workspaces.list(second.actor.organizationId).map((w) => w.title)).toEqual([
      'Kept',
    ])
    await second.close()
  })

  it('starts the local API from the organization settings and follows their changes', async () => {
    const api = fakeApi()
    const core = await boot.startCore({ dataDir: dir, startApi: api.startApi, log: () => {} })
    expect(core.api.url()).toBe('http://127.0.0.1:8080')

    core.engine.organization.updateSettings(core.actor, { apiPort: 9191 })
    await core.api.reconcile()
    expect(core.api.url()).toBe('http://127.0.0.1:9191')

    core.engine.organization.updateSettings(core.actor, { apiEnabled: false })
    await core.api.reconcile()
    expect(core.api.url()).toBeNull()
    await core.api.reconcile()
    await core.close()
    expect(api.calls).toEqual([
      'start 127.0.0.1:8080 +fallback',
      'stop 127.0.0.1:8080',
      'start 127.0.0.1:9191 +fallback',
      'stop 127.0.0.1:9191',
    ])
  })

  it('keeps running with the API off when the API cannot start', async () => {
    const log = vi.fn()
    const core = await boot.startCore({ dataDir: dir, startApi: fakeApi(true).startApi, log })
    expect(core.api.url()).toBeNull()
    expect(log).toHaveBeenCalledWith(expect.stringContaining('127.0.0.1:8080'), expect.any(Error))
    expect(core.engine.organization.overview(core.actor.organizationId).title).toBeTruthy()
    await core.close()
  })

  it('refuses a database written by a newer Tessera, with words for the user', async () => {
    const db = new Database(join(dir, 'tessera.db'))
    db.pragma('user_version = 9999')
    db.close()
    const err = await boot
      .startCore({ dataDir: dir, startApi: fakeApi().startApi })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SchemaTooNewError)
    const shown = boot.describeOpenError(err, join(dir, 'tessera.db'))
    expect(shown.title).toBe('Tessera needs an update')
    expect(shown.message).toContain('newer version of Tessera')
    expect(shown.message).toContain(join(dir, 'tessera.db'))
  })
})

describe('describeOpenError', () => {
  it('explains a damaged file', async () => {
    writeFileSync(join(dir, 'tessera.db'), 'this is not sqlite '.repeat(200))
    const err = await boot.startCore({ dataDir: dir }).catch((e: unknown) => e)
    const shown = boot.describeOpenError(err, 'x.db')
    expect(shown.title).toBe('The database is damaged')
    expect(shown.message).toContain(join(dir, 'tessera.db'))
  })

  it('points at npm run native:electron when the driver has the wrong ABI', () => {
    const err = new Error(
      'The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115.',
    )
    expect(boot.describeOpenError(err, 'x.db').message).toContain('npm run native:electron')
  })

  it('names a locked database', () => {
    const err = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
    expect(boot.describeOpenError(err, 'x.db').title).toBe('The database is in use')
  })
})

describe('nativeBindingPath', () => {
  const rel = '.electron-native/better-sqlite3/build/Release/better_sqlite3.node'
  it('uses the Electron build next to package.json when it exists', () => {
    expect(boot.nativeBindingPath('/src/tessera', () => true)).toBe(join('/src/tessera', rel))
    expect(boot.nativeBindingPath('/src/tessera', () => false)).toBeUndefined()
  })

  it('loads from app.asar.unpacked in a packaged app', () => {
    const seen: string[] = []
    boot.nativeBindingPath('/opt/Tessera/resources/app.asar', (p) => (seen.push(String(p)), true))
    expect(seen).toEqual([join('/opt/Tessera/resources/app.asar.unpacked', rel)])
  })
})

describe('startDesktop', () => {
  it('opens the database under userData, registers the IPC handler and opens the window', async () => {
    const desktop = await boot.startDesktop()
    expect(desktop).not.toBeNull()
    expect(electron.state.handlers.has(IPC_RPC)).toBe(true)
    expect(electron.state.windows).toBe(1)
    desktop!.show()
    expect(electron.state.windows).toBe(1)
    await desktop!.close()
    expect(electron.state.handlers.has(IPC_RPC)).toBe(false)
  })

  it('shows an error dialog instead of crashing when the database cannot be opened', async () => {
    const db = new Database(join(dir, 'tessera.db'))
    db.pragma('user_version = 9999')
    db.close()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    await expect(boot.startDesktop()).resolves.toBeNull()
    expect(electron.state.showErrorBox).toHaveBeenCalledWith(
      'Tessera needs an update',
      expect.stringContaining('newer version of Tessera'),
    )
    expect(electron.state.windows).toBe(0)
    expect(electron.state.handlers.size).toBe(0)
  })
})
