import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'

// vi.mock is hoisted above the imports: the window code sees this module as 'electron'.
const electron = vi.hoisted(() => {
  const state = {
    appListeners: new Map<string, (...a: unknown[]) => void>(),
    windows: [] as Array<{ options: Record<string, unknown>; loaded: unknown[] }>,
    onHeadersReceived: vi.fn(),
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    openExternal: vi.fn(async () => undefined),
    isPackaged: false,
  }
  class BrowserWindow {
    loaded: unknown[] = []
    webContents = {
      on: vi.fn(),
      setWindowOpenHandler: vi.fn(),
    }
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this)
    }
    once = vi.fn()
    show = vi.fn()
    loadURL = vi.fn(async (url: string) => void this.loaded.push({ url }))
    loadFile = vi.fn(async (path: string) => void this.loaded.push({ path }))
  }
  return {
    state,
    module: {
      app: {
        get isPackaged() {
          return state.isPackaged
        },
        on: (name: string, fn: (...a: unknown[]) => void) => state.appListeners.set(name, fn),
      },
      BrowserWindow,
      session: {
        defaultSession: {
          webRequest: { onHeadersReceived: state.onHeadersReceived },
          setPermissionRequestHandler: state.setPermissionRequestHandler,
          setPermissionCheckHandler: state.setPermissionCheckHandler,
        },
      },
      shell: { openExternal: state.openExternal },
    },
  }
})
vi.mock('electron', () => electron.module)

const { builtPaths, createMainWindow, secureApp } = await import(
  '../../../src/main/window/main-window'
)

const MAIN_DIR = '/opt/tessera/out/main'

beforeEach(() => {
  electron.state.appListeners.clear()
  electron.state.windows.length = 0
  electron.state.isPackaged = false
  vi.clearAllMocks()
})

describe('main window', () => {
  it('finds the preload and renderer next to the main bundle', () => {
    expect(builtPaths(MAIN_DIR)).toEqual({
      preload: join('/opt/tessera/out/preload/index.js'),
      indexHtml: join('/opt/tessera/out/renderer/index.html'),
    })
  })

  it('protects the session and every future web contents before any window exists', () => {
    const location = secureApp(MAIN_DIR, undefined)
    expect(location.load).toEqual({ kind: 'file', path: '/opt/tessera/out/renderer/index.html' })
    expect(electron.state.onHeadersReceived).toHaveBeenCalledTimes(1)
    expect(electron.state.setPermissionRequestHandler).toHaveBeenCalledTimes(1)
    expect(electron.state.setPermissionCheckHandler).toHaveBeenCalledTimes(1)

    const guard = electron.state.appListeners.get('web-contents-created')
    expect(guard).toBeTypeOf('function')
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() }
    guard!({}, contents)
    expect(contents.on.mock.calls.map((c) => c[0])).toEqual(
      expect.arrayContaining(['will-navigate', 'will-attach-webview']),
    )
    const deny = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown
    expect(deny({ url: 'https://x.test' })).toEqual({ action: 'deny' })
  })

  it('loads the dev server in development but never in a packaged app', () => {
    expect(secureApp(MAIN_DIR, 'http://localhost:5173').load).toEqual({
      kind: 'url',
      url: 'http://localhost:5173/',
    })
    electron.state.isPackaged = true
    expect(secureApp(MAIN_DIR, 'http://localhost:5173').load.kind).toBe('file')
  })

  it('opens a sandboxed window with our preload and loads the renderer', () => {
    const location = secureApp(MAIN_DIR, undefined)
    createMainWindow(MAIN_DIR, location)
    const [win] = electron.state.windows
    const prefs = win!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({
      preload: '/opt/tessera/out/preload/index.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(win!.loaded).toEqual([{ path: '/opt/tessera/out/renderer/index.html' }])
  })
})
