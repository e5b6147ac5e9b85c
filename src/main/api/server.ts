import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Engine } from '../engine/engine'
import { accessTokens } from './access-tokens'
import { errorBody } from './errors'
import { hostGuard } from './host-guard'
import { registerJsonBody } from './json-body'
import { BODY_LIMIT } from './limits'
import { registerOpenApi } from './openapi'
import { createLimits, type LimitOptions } from './rate-limit'
import { freshState } from './request-state'
import { restApi } from './rest-api'
import { SERVER_TIMEOUTS, timeoutOptions, type ServerTimeouts } from './server-timeouts'

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 8080

export interface ApiServerOptions {
  engine: Engine
  host?: string
  port?: number
  /** Extra Host header values to accept (a name this machine is reached by), e.g. behind a proxy. */
  trustedHosts?: string[]
  limits?: LimitOptions
  /**
   * Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For/-Proto/-Host are
   * believed. Empty or absent: those headers change nothing (source address, rate-limit key).
   */
  trustProxy?: readonly string[]
  log?: (err: unknown) => void
  /** Request, header, idle and keep-alive deadlines and the connection cap (tests shorten them). */
  timeouts?: Partial<ServerTimeouts>
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The DNS-rebinding guard (host-guard.ts): whether a request's Host names this server. */
    hostAllowed?: (request: FastifyRequest) => boolean
  }
}

/**
 * The server: the REST API as one plugin (rest-api.ts); serve mode adds the admin transport
 * beside it (`extend`). Not yet listening.
 */
export function buildApiServer(opts: ApiServerOptions): FastifyInstance {
  const { engine } = opts
  const log = opts.log ?? ((err: unknown) => console.error('[api]', err))
  const timeouts = { ...SERVER_TIMEOUTS, ...opts.timeouts }
  const app = Fastify({
    logger: false,
    ...timeoutOptions(timeouts),
    bodyLimit: BODY_LIMIT,
    // An id far longer than any real one still reaches our not-found answer (Django answers
    // 404 for it too) instead of the router's own 414 body.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    // The router's own refusals (a malformed escape, a segment past the limit above) run no
    // hooks: answer them in the documented error shape and record them like any request.
    frameworkErrors: (err, request, reply) => {
      const status = err.code === 'FST_ERR_BAD_URL' ? 400 : 404
      const detail = status === 400 ? 'Malformed URL: a percent-escape is not valid.' : 'Not found.'
      request.tessera = freshState()
      // Fastify types this reply for the error's route generics; it is a plain reply.
      const plain = reply as unknown as FastifyReply
      plain.code(status)
      void Promise.resolve(recorder.record?.(request, plain))
        .catch((e: unknown) => log(e))
        .finally(() => plain.send(errorBody(status, detail)))
    },
    // By default nobody's forwarding headers count: any local process could send them. Only a
    // proxy the operator names is believed, and only for requests whose TCP peer it is.
    trustProxy: opts.trustProxy?.length ? [...opts.trustProxy] : false,
  })
  app.server.maxConnections = timeouts.maxConnections
  // Bound below, once the recording hooks exist; the router's refusals need it.
  const recorder: { record?(request: FastifyRequest, reply: FastifyReply): Promise<unknown> } = {}
  const limits = createLimits(opts.limits)
  const jwt = accessTokens(engine)
  // The bound port cannot change while listening, so read it once per listen rather than
  // calling server.address() on every request.
  let boundPort: number | null = null
  app.server.on('listening', () => {
    const a = app.server.address()
    boundPort = a && typeof a === 'object' ? a.port : null
  })
  app.server.on('close', () => {
    boundPort = null
  })
  const listeningPort = () => boundPort ?? opts.port ?? DEFAULT_PORT
  const hostAllowed = hostGuard(opts.host ?? DEFAULT_HOST, listeningPort, opts.trustedHosts)

  registerJsonBody(app)
  registerOpenApi(app)
  // The one Host guard of this server: the REST API and serve mode's admin transport ask it.
  app.decorate('hostAllowed', hostAllowed)
  void app.register(restApi, {
    engine,
    accessTokens: jwt,
    limits,
    hostAllowed,
    log,
    onRecorder: (record) => {
      recorder.record = record
    },
  })
  return app
}

export interface RunningApi {
  url: string
  port: number
  app: FastifyInstance
  close(): Promise<void>
}

/**
 * Starts the API for the desktop app or `serve`. With `portFallback`, a taken port moves on to
 * the next ones (up to 20) instead of failing; the URL reports where it ended up.
 */
export async function startLocalApi(opts: {
  engine: Engine
  host?: string
  port?: number
  portFallback?: boolean
  trustedHosts?: string[]
  trustProxy?: readonly string[]
  limits?: LimitOptions
  timeouts?: Partial<ServerTimeouts>
  /** Adds more routes (the admin UI in serve mode) before listening. */
  extend?: (app: FastifyInstance) => void | Promise<void>
}): Promise<RunningApi> {
  const host = opts.host ?? DEFAULT_HOST
  const first = opts.port ?? DEFAULT_PORT
  const attempts = opts.portFallback && first !== 0 ? 20 : 1
  let lastError: unknown
  for (let i = 0; i < attempts; i++) {
    const port = first + i
    const app = buildApiServer({ ...opts, host, port })
    if (opts.extend) await opts.extend(app)
    try {
      await app.listen({ host, port })
    } catch (err) {
      lastError = err
      await app.close()
      if ((err as { code?: string }).code === 'EADDRINUSE') continue
      throw err
    }
    const address = app.server.address()
    const actual = address && typeof address === 'object' ? address.port : port
    const shown = host.includes(':') ? `[${host}]` : host
    return { url: `http://${shown}:${actual}`, port: actual, app, close: () => app.close() }
  }
  throw lastError
}
