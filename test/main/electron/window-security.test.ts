import { EventEmitter } from 'node:events'
import { pathToFileURL } from 'node:url'
import type { Session, WebContents } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { rendererLocation } from '../../../src/main/window/renderer-location'
import {
  buildCsp,
  hardenContents,
  installCsp,
  installPermissionHandlers,
  isSafeExternalUrl,
  permissionAllowed,
  windowOptions,
} from '../../../src/main/window/security'

const INDEX = '/opt/tessera/out/renderer/index.html'
const built = rendererLocation({ indexHtml: INDEX })
const dev = rendererLocation({ indexHtml: INDEX, devServerUrl: 'http://localhost:5173/' })

/** Fake web contents: records listeners and the window-open handler. */
function fakeContents() {
  const emitter = new EventEmitter()
  let openHandler: ((d: { url: string }) => { action: string }) | null = null
  const contents = {
    on: (name: string, fn: (...a: unknown[]) => void) => emitter.on(name, fn),
    setWindowOpenHandler: (fn: typeof openHandler) => void (openHandler = fn),
  } as unknown as WebContents
  const fire = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() }
    emitter.emit(name, event)
    return event.preventDefault
  }
  return { contents, fire, open: (url: string) => openHandler!({ url }), emitter }
}

describe('window options', () => {
  it('sandboxes the renderer, isolates the context and keeps Node out', () => {
    const prefs = windowOptions('/x/out/preload/index.js').webPreferences!
    expect(prefs).toMatchObject({
      preload: '/x/out/preload/index.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })
})

describe('content security policy', () => {
  it('is strict for the built app', () => {
    const csp = buildCsp()
    const d = Object.fromEntries(
      csp.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1).join(' ')]),
    )
    expect(d).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    })
    expect(csp).not.toMatch(/unsafe-eval/)
    expect(d['script-src']).not.toContain('unsafe-inline')
  })

  it('admits the dev server (and its HMR socket) only when one is given', () => {
    const csp = buildCsp('http://localhost:5173')
    expect(csp).toContain('connect-src ' + "'self' http://localhost:5173 ws://localhost:5173")
    expect(csp).toMatch(/script-src 'self' 'unsafe-inline' http:\/\/localhost:5173/)
  })

  it('is set on every response, replacing a policy the response carried', () => {
    let listener: ((d: unknown, cb: (r: unknown) => void) => void) | null = null
    const session = {
      webRequest: { onHeadersReceived: (fn: typeof listener) => void (listener = fn) },
    } as unknown as Session
    installCsp(session, "default-src 'self'")
    const callback = vi.fn()
    listener!({ responseHeaders: { 'content-security-policy': ['*'], 'X-Other': ['1'] } }, callback)
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': ["default-src 'self'"] },
    })
  })
})

describe('navigation guards', () => {
  it('prevents every navigation and opens only https links in the system browser', () => {
    const openExternal = vi.fn()
    const c = fakeContents()
    hardenContents(c.contents, openExternal)
    expect(c.fire('will-navigate', 'https://labelstud.io/guide')).toHaveBeenCalled()
    expect(c.fire('will-navigate', 'http://evil.test/')).toHaveBeenCalled()
    expect(c.fire('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled()
    expect(c.fire('will-redirect', 'https://evil.test/')).toHaveBeenCalled()
    expect(c.fire('will-attach-webview', 'https://evil.test/')).toHaveBeenCalled()
    expect(openExternal.mock.calls).toEqual([['https://labelstud.io/guide']])
  })

  it('denies every new window, handing https links to the system browser', () => {
    const openExternal = vi.fn()
    const c = fakeContents()
    hardenContents(c.contents, openExternal)
    expect(c.open('https://labelstud.io/')).toEqual({ action: 'deny' })
    expect(c.open('http://example.test/')).toEqual({ action: 'deny' })
    expect(c.open('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(openExternal.mock.calls).toEqual([['https://labelstud.io/']])
  })

  it('installs its guards once per contents, so a link never opens twice', () => {
    const openExternal = vi.fn()
    const c = fakeContents()
    hardenContents(c.contents, openExternal)
    hardenContents(c.contents, openExternal)
    c.fire('will-navigate', 'https://labelstud.io/')
    expect(openExternal).toHaveBeenCalledTimes(1)
    expect(c.emitter.listenerCount('will-navigate')).toBe(1)
  })

  it('treats only https URLs as external links', () => {
    expect(isSafeExternalUrl('https://a.test/x')).toBe(true)
    for (const url of ['http://a.test', 'file:///x', 'javascript:1', 'smb://host/x', 'not a url']) {
      expect(isSafeExternalUrl(url)).toBe(false)
    }
  })
})

describe('permissions', () => {
  const ours = pathToFileURL(INDEX).href
  it('denies every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      expect(permissionAllowed(p, ours, built)).toBe(false)
    }
  })

  it('lets only our page write the clipboard (the copy-token button)', () => {
    expect(permissionAllowed('clipboard-sanitized-write', `${ours}#/accounts`, built)).toBe(true)
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.test/', built)).toBe(false)
    expect(permissionAllowed('clipboard-sanitized-write', 'file:///tmp/x.html', built)).toBe(false)
    expect(permissionAllowed('clipboard-sanitized-write', 'http://localhost:5173', dev)).toBe(true)
  })

  it('answers requests and checks through the session handlers', () => {
    let request: ((...a: unknown[]) => void) | null = null
    let check: ((...a: unknown[]) => boolean) | null = null
    const session = {
      setPermissionRequestHandler: (fn: typeof request) => void (request = fn),
      setPermissionCheckHandler: (fn: typeof check) => void (check = fn),
    } as unknown as Session
    installPermissionHandlers(session, built)
    const contents = { getURL: () => ours }
    const cb = vi.fn()
    request!(contents, 'media', cb, { requestingUrl: ours })
    request!(contents, 'notifications', cb, {})
    expect(cb.mock.calls).toEqual([[false], [false]])
    expect(check!(contents, 'geolocation', 'file://', { requestingUrl: ours })).toBe(false)
  })
})

describe('renderer location', () => {
  it('recognises the built index.html whatever its hash, and nothing else', () => {
    const href = pathToFileURL(INDEX).href
    expect(built.load).toEqual({ kind: 'file', path: INDEX })
    expect(built.isOurs(href)).toBe(true)
    expect(built.isOurs(`${href}#/service-accounts`)).toBe(true)
    expect(built.isOurs('file:///opt/tessera/out/renderer/other.html')).toBe(false)
    expect(built.isOurs('https://evil.test/index.html')).toBe(false)
    expect(built.isOurs('about:blank')).toBe(false)
  })

  it('uses a loopback dev server, and ignores anything else in ELECTRON_RENDERER_URL', () => {
    expect(dev.load).toEqual({ kind: 'url', url: 'http://localhost:5173/' })
    expect(dev.isOurs('http://localhost:5173/#/x')).toBe(true)
    expect(dev.isOurs('http://localhost:5174/')).toBe(false)
    const remote = rendererLocation({ indexHtml: INDEX, devServerUrl: 'https://evil.test/' })
    expect(remote.load).toEqual({ kind: 'file', path: INDEX })
    expect(remote.isOurs('https://evil.test/')).toBe(false)
  })
})
