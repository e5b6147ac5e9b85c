import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
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
  DEFAULT_HOST: '127.0.0.1',
  DEFAULT_PORT: 8080,
  startLocalApi: vi.fn(async (o: { host: string; port: number }) => ({
    url: `http://${o.host}:${o.port}`,
    close: async () => undefined,
  })),
}))

const boot = await import('../../../src/main/bootstrap')
const { IPC_RPC } = await import('../../../src/shared/bridge')

let dir = ''
const savedEnv = { ...process.env }
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-boot-'))
  // The desktop finds its database from these, like the CLI; never the real home folder.
  process.env.XDG_CONFIG_HOME = join(dir, 'config')
  process.env.XDG_DATA_HOME = join(dir, 'data')
  electron.state.userData = dir
  electron.state.handlers.clear()
  electron.state.windows = 0
  vi.clearAllMocks()
})
afterEach(() => {
  process.env = { ...savedEnv }
  rmSync(dir, { recursive: true, force: true })
})
const desktopDb = () => join(dir, 'config', 'Tessera', 'tessera.db')

describe('describeOpenError', () => {
  it('explains a damaged file', async () => {
    writeFileSync(join(dir, 'tessera.db'), 'this is not sqlite '.repeat(200))
    const err = await boot.startCore({ dbPath: join(dir, 'tessera.db') }).catch((e: unknown) => e)
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

describe('startDesktop', () => {
  it('opens the database shared with the CLI, registers the IPC handler and opens the window', async () => {
    const desktop = await boot.startDesktop()
    expect(desktop).not.toBeNull()
    expect(electron.state.handlers.has(IPC_RPC)).toBe(true)
    expect(electron.state.windows).toBe(1)
    expect(existsSync(desktopDb())).toBe(true)
    desktop!.show()
    expect(electron.state.windows).toBe(1)
    await desktop!.close()
    expect(electron.state.handlers.has(IPC_RPC)).toBe(false)
  })

  it('shows an error dialog instead of crashing when the database cannot be opened', async () => {
    mkdirSync(dirname(desktopDb()), { recursive: true })
    const db = new Database(desktopDb())
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
