import { join } from 'node:path'
import { app, BrowserWindow, session, shell, type WebContents } from 'electron'
import { rendererLocation, type RendererLocation } from './renderer-location'
import {
  buildCsp,
  hardenContents,
  installCsp,
  installPermissionHandlers,
  windowOptions,
} from './security'

/** Paths of the built preload and renderer, next to the built main bundle (out/main). */
export function builtPaths(mainDir: string): { preload: string; indexHtml: string } {
  return {
    preload: join(mainDir, '../preload/index.js'),
    indexHtml: join(mainDir, '../renderer/index.html'),
  }
}

/**
 * Session-wide and app-wide protections; call once, before the first window. Returns where the
 * renderer lives so the IPC transport can check who is calling.
 */
export function secureApp(mainDir: string, devServerUrl = process.env.ELECTRON_RENDERER_URL) {
  const { indexHtml } = builtPaths(mainDir)
  // Packaged apps ignore the dev server variable: only a development run may load from it.
  const location = rendererLocation({
    indexHtml,
    devServerUrl: app.isPackaged ? undefined : devServerUrl,
  })
  const ses = session.defaultSession
  installCsp(ses, buildCsp(location.load.kind === 'url' ? location.origin : undefined))
  installPermissionHandlers(ses, location)
  const openExternal = (url: string) => shell.openExternal(url)
  // Every web contents ever created (windows, devtools, anything a bug might open) gets the
  // navigation and window-open guards.
  app.on('web-contents-created', (_event, contents: WebContents) => {
    hardenContents(contents, openExternal)
  })
  return location
}

/** The admin window, loaded with our renderer; shown once it has painted. */
export function createMainWindow(mainDir: string, location: RendererLocation): BrowserWindow {
  const { preload } = builtPaths(mainDir)
  const win = new BrowserWindow(windowOptions(preload))
  // Also here, in case web-contents-created ran before secureApp() (idempotent).
  hardenContents(win.webContents, (url) => shell.openExternal(url))
  win.once('ready-to-show', () => win.show())
  const loading =
    location.load.kind === 'url' ? win.loadURL(location.load.url) : win.loadFile(location.load.path)
  loading.catch((err: unknown) => console.error('renderer failed to load', err))
  return win
}
