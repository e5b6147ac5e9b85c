import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron'
import type { RendererLocation } from './renderer-location'

/**
 * BrowserWindow options for the admin window. The renderer gets no Node and no direct IPC: the
 * sandboxed preload exposes `window.api` through contextIsolation, and that is all.
 */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'Tessera',
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  }
}

export { buildCsp } from '../../shared/csp'

/** Sets the CSP header on every response the session loads (the renderer and its assets). */
export function installCsp(session: Pick<Session, 'webRequest'>, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders }
    // Drop any policy the server sent in another letter case so ours is the only one.
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key]
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } })
  })
}

/** Only https links leave the app, and only to the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * Permissions: everything is refused, except writing to the clipboard from our own renderer
 * (the "copy token" button uses navigator.clipboard.writeText).
 */
export function permissionAllowed(
  permission: string,
  requestingUrl: string,
  location: Pick<RendererLocation, 'isOurs' | 'origin'>,
): boolean {
  if (permission !== 'clipboard-sanitized-write') return false
  return location.isOurs(requestingUrl) || isOurOrigin(requestingUrl, location)
}

function isOurOrigin(url: string, location: Pick<RendererLocation, 'origin'>): boolean {
  if (location.origin === 'file://') return false
  try {
    return new URL(url).origin === location.origin
  } catch {
    return false
  }
}

export function installPermissionHandlers(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  location: Pick<RendererLocation, 'isOurs' | 'origin'>,
): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl ?? contents.getURL(), location))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionAllowed(permission, details.requestingUrl ?? requestingOrigin, location),
  )
}

type Contents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>
const hardened = new WeakSet<object>()

/**
 * Navigation guards for any web contents (the main window and anything else that ever gets
 * created): no navigation away from the loaded document, no new windows, no <webview>. https
 * links a user clicks open in the system browser instead.
 */
export function hardenContents(
  contents: Contents,
  openExternal: (url: string) => void | Promise<void>,
): void {
  if (hardened.has(contents)) return
  hardened.add(contents)
  const external = (url: string) => {
    if (isSafeExternalUrl(url)) void Promise.resolve(openExternal(url)).catch(() => undefined)
  }
  contents.on('will-navigate', (event) => {
    event.preventDefault()
    external(event.url)
  })
  contents.on('will-redirect', (event) => {
    event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    external(url)
    return { action: 'deny' }
  })
}
