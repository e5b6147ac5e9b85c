import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { AddressInfo } from 'node:net'
import fastifyCookie from '@fastify/cookie'
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import type { Engine } from '../engine/engine'
import { createDispatcher, type Dispatch } from './dispatcher'
import { authRoutes } from './http/auth.routes'
import { backupRoute } from './http/backup.route'
import type { AdminHttpContext } from './http/context'
import { eventsRoute } from './http/events.route'
import { exportRoute } from './http/export.route'
import { hostGuard } from '../api/host-guard'
import { buildCsp } from '../../shared/csp'
import { originMatches, refuse } from './http/guards'
import { RPC_BODY_LIMIT, rpcRoutes } from './http/rpc.routes'
import { sessionCookieName } from './http/session-cookie'
import { staticRoutes } from './http/static'

export interface AdminHttpOptions {
  engine: Engine
  dispatch?: Dispatch
  /** The built renderer (out/renderer); defaults to the sibling of the built main bundle. */
  rendererDir?: string
  /** Mark the session cookie Secure (serving behind a TLS proxy). */
  secureCookies?: boolean
  /** Extra Host names accepted besides loopback and the bound address (a proxy's name). */
  allowedHosts?: string[]
  /** The local API's base URL shown in the UI; defaults to this server's own address. */
  apiUrl?: () => string | null
}

/** The desktop window's policy (shared/csp.ts): the built renderer is the same files. */
export const CONTENT_SECURITY_POLICY = buildCsp()

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

function ownHostGuard(app: FastifyInstance, allowed: readonly string[]) {
  const bound = () => app.server.address() as AddressInfo | string | null
  const address = () => {
    const a = bound()
    return a && typeof a === 'object' ? a.address : '127.0.0.1'
  }
  const port = () => {
    const a = bound()
    return a && typeof a === 'object' ? a.port : 80
  }
  let guard: ((request: FastifyRequest) => boolean) | null = null
  return (request: FastifyRequest) => {
    guard ??= hostGuard(address(), port, [...allowed])
    return guard(request)
  }
}

function ownUrl(app: FastifyInstance): string | null {
  const a = app.server.address() as AddressInfo | string | null
  if (!a || typeof a === 'string') return null
  return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`
}

/**
 * The built renderer next to the built main bundle: out/main/cli.js → out/renderer, or one
 * level further up when the bundler moved this module into a shared chunk (out/main/chunks).
 */
function defaultRendererDir(): string {
  const candidates = [resolve(__dirname, '../renderer'), resolve(__dirname, '../../renderer')]
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!
}

/**
 * Serve mode's admin transport on the local API's Fastify instance: `/auth/*` sign-in,
 * `POST /rpc/<channel>` through the same dispatcher as the desktop IPC, `GET /rpc/events`
 * (server-sent events), the downloads (activity export, backup) and the built renderer at
 * `/`. `/api/*` stays the REST API's.
 * Registered as an encapsulated plugin, so its hooks and error handler touch only these routes.
 */
export function registerAdminHttp(app: FastifyInstance, opts: AdminHttpOptions): void {
  const secure = opts.secureCookies ?? false
  const ctx: AdminHttpContext = {
    engine: opts.engine,
    dispatch: opts.dispatch ?? createDispatcher(),
    cookieName: sessionCookieName(secure),
    secure,
    apiUrl: opts.apiUrl ?? (() => ownUrl(app)),
  }
  const rendererDir = opts.rendererDir ?? defaultRendererDir()

  void app.register(async (admin) => {
    if (!admin.hasRequestDecorator('cookies')) await admin.register(fastifyCookie)
    // The server's one Host guard when the REST API is beside us (serve mode); alone (tests of
    // this transport), the same guard over the address this server ends up bound to.
    const hostOk = app.hostAllowed ?? ownHostGuard(app, opts.allowedHosts ?? [])

    admin.addHook('onRequest', async (request, reply) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v)
      if (!hostOk(request)) {
        return refuse(
          reply,
          403,
          'FORBIDDEN',
          `Host ${String(request.headers.host ?? '').slice(0, 100)} is not allowed; open Tessera at http://127.0.0.1`,
        )
      }
      if (request.method !== 'GET' && request.method !== 'HEAD' && !originMatches(request)) {
        return refuse(reply, 403, 'FORBIDDEN', 'Cross-origin requests are refused')
      }
    })

    // Parse failures and oversize bodies answer in the envelope the renderer understands.
    admin.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode ?? 500
      if (status === 413) {
        return refuse(
          reply,
          413,
          'VALIDATION',
          `The request is larger than ${RPC_BODY_LIMIT / 1024 / 1024} MB`,
        )
      }
      if (status >= 400 && status < 500) return refuse(reply, status, 'VALIDATION', error.message)
      request.log.error({ err: error }, 'admin http failed')
      return refuse(reply, 500, 'INTERNAL', 'Something went wrong inside Tessera; see the log')
    })

    authRoutes(admin, ctx)
    rpcRoutes(admin, ctx)
    exportRoute(admin, ctx)
    backupRoute(admin, ctx)
    eventsRoute(admin, ctx, SECURITY_HEADERS)
    staticRoutes(admin, rendererDir)
  })
}
