import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

// Prefixes that belong to other handlers: an unknown path there is a 404, never the UI.
const NOT_UI = ['/api/', '/rpc/', '/auth/', '/health']

async function fileAt(root: string, urlPath: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const full = normalize(join(root, decoded))
  // Path traversal (`/../`, encoded or not) resolves outside the root and is refused.
  if (full !== root && !full.startsWith(root + sep)) return null
  try {
    return (await stat(full)).isFile() ? full : null
  } catch {
    return null
  }
}

function send(reply: FastifyReply, path: string, immutable: boolean) {
  reply.header('Content-Type', TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream')
  // Vite puts a content hash in every asset name; only index.html must be re-read each time.
  reply.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
  return reply.send(createReadStream(path))
}

/**
 * The built renderer at `/`: files as they are, and index.html for any other GET that looks
 * like a page (the admin UI navigates in-app, so a reload on any path lands on the UI).
 */
export function staticRoutes(app: FastifyInstance, rendererDir: string): void {
  const root = resolve(rendererDir)
  app.get('/*', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    if (NOT_UI.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p))) {
      return reply.callNotFound()
    }
    const file = path === '/' ? null : await fileAt(root, path)
    if (file) return send(reply, file, path.startsWith('/assets/'))
    if (extname(path) && path !== '/index.html') return reply.callNotFound()
    const index = await fileAt(root, '/index.html')
    if (!index) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The admin UI is not built. Run `npm run build`, then start `npm run serve` again.')
    }
    return send(reply, index, false)
  })
}
