import { pathToFileURL } from 'node:url'

/** Where the renderer is loaded from, and how to recognise it again (IPC, navigation). */
export interface RendererLocation {
  /** What `BrowserWindow.loadURL` / `loadFile` gets. */
  load: { kind: 'url'; url: string } | { kind: 'file'; path: string }
  /** The origin the CSP and the permission checks treat as "self" ('file://' for files). */
  origin: string
  /** True only for our renderer document: the built index.html or the dev server. */
  isOurs(url: string): boolean
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * The built renderer (`out/renderer/index.html`), or the electron-vite dev server when
 * `devServerUrl` (ELECTRON_RENDERER_URL) is set. Only loopback http dev servers are accepted:
 * anything else in that variable would let a remote page talk to the engine.
 */
export function rendererLocation(opts: {
  indexHtml: string
  devServerUrl?: string | undefined
}): RendererLocation {
  const dev = opts.devServerUrl ? parse(opts.devServerUrl) : null
  if (dev && dev.protocol === 'http:' && isLoopback(dev.hostname)) {
    return {
      load: { kind: 'url', url: dev.href },
      origin: dev.origin,
      isOurs: (url) => parse(url)?.origin === dev.origin,
    }
  }
  const index = pathToFileURL(opts.indexHtml)
  return {
    load: { kind: 'file', path: opts.indexHtml },
    origin: 'file://',
    // Same document whatever the hash/query (hash routing); a different file:// path is not ours.
    isOurs: (url) => {
      const u = parse(url)
      return u !== null && u.protocol === 'file:' && u.host === '' && u.pathname === index.pathname
    },
  }
}

export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  )
}
