import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

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
  const index = comparablePath(opts.indexHtml)
  return {
    load: { kind: 'file', path: opts.indexHtml },
    origin: 'file://',
    // Same document whatever the hash/query (hash routing); a different file is not ours.
    isOurs: (url) => {
      const path = filePathOf(url)
      return path !== null && comparablePath(path) === index
    },
  }
}

/**
 * The local path a file:// URL names, or null for anything else (other schemes, a remote host,
 * an encoded '/'). Paths are compared, never URL strings: Chromium leaves `~ [ ]` and others
 * unescaped in file:// URLs where Node's pathToFileURL escapes them, so one file has several
 * spellings as a URL but only one as a path.
 */
function filePathOf(url: string): string | null {
  const u = parse(url)
  if (u === null || u.protocol !== 'file:') return null
  // A host is a network share: only Windows has those as paths (\\server\share).
  if (u.host !== '' && process.platform !== 'win32') return null
  try {
    // Uses the pathname only: a query or a hash (hash routing) does not change the file.
    return fileURLToPath(u)
  } catch {
    return null
  }
}

/**
 * A path in one spelling: absolute and normalised ('..', '.', doubled separators), Unicode NFC
 * (a macOS file name may come back decomposed), and on Windows in one letter case (its file
 * systems ignore case, and drive letters come either way).
 */
function comparablePath(path: string): string {
  const p = resolve(path).normalize('NFC')
  return process.platform === 'win32' ? p.toLowerCase() : p
}

export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  )
}
