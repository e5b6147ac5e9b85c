import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ResponseSerializationError, validatorCompiler } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import type { Engine } from '../engine/engine'
import type { AccessTokens } from './access-tokens'
import { authenticate } from './auth'
import { ApiError, errorBody, sendError, toApiError } from './errors'
import { crossSiteRefusal } from './host-guard'
import type { Limits } from './rate-limit'
import { registerRecording } from './recording'
import { freshState } from './request-state'
import { responseCache } from './response-cache'
import { registerRoutes } from './routes'

/**
 * Every JSON answer is checked against its route's documented shape, then written as the
 * handler built it: Label Studio's field order is kept (zod's own serializer would put the
 * declared fields first), and nothing is dropped or added on the way out.
 */
function checkedSerializer({
  schema,
  method,
  url,
}: {
  schema: unknown
  method: string
  url: string
}) {
  const shape = schema as z.ZodType
  return (data: unknown): string => {
    const checked = shape.safeParse(data)
    if (!checked.success)
      throw new ResponseSerializationError(method, url, { cause: checked.error })
    return JSON.stringify(data)
  }
}

export interface RestApiOptions {
  engine: Engine
  accessTokens: AccessTokens
  limits: Limits
  /** The one Host guard of this server (host-guard.ts), shared with the admin transport. */
  hostAllowed: (request: FastifyRequest) => boolean
  log: (err: unknown) => void
  /** Receives the recorder, for the router's own refusals (they run no plugin hooks). */
  onRecorder: (record: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => void
}

/**
 * The Label Studio–compatible REST API as one encapsulated Fastify plugin: its hooks (Host
 * and cross-site guards, authentication, one activity entry per request), its validation
 * (zod, through the type provider), its error shape and its not-found answer apply to its own
 * routes and to requests that match no route at all, never to the admin transport registered
 * beside it. `/api/*` belongs here whatever the method, so an unknown API path is answered,
 * authenticated and recorded by the API even where the admin UI has a catch-all page route.
 */
export async function restApi(api: FastifyInstance, opts: RestApiOptions): Promise<void> {
  const { engine, log } = opts
  api.setValidatorCompiler(validatorCompiler)
  api.setSerializerCompiler(checkedSerializer)
  api.decorateRequest('tessera', null as never)

  api.addHook('onRequest', async (request) => {
    request.tessera = freshState()
    if (!opts.hostAllowed(request)) {
      request.tessera.details.host = String(request.headers.host ?? '').slice(0, 100)
      request.tessera.refusal = 'host'
      throw new ApiError(
        403,
        'Host not allowed: this API answers only on the address it was bound to.',
      )
    }
    // Before credentials are even read: a browser page on another site gets nothing, whether
    // it sends a token or not (serve mode's admin UI has its own guards on /rpc and /auth).
    const crossSite = crossSiteRefusal(request)
    if (crossSite !== null) {
      request.tessera.details.cross_site = crossSite
      request.tessera.refusal = 'origin'
      throw new ApiError(
        403,
        'Cross-site request refused: browsers may reach this API only from its own pages.',
      )
    }
    if (request.routeOptions.config?.public) return
    try {
      await authenticate(request, engine, opts.limits, opts.accessTokens)
    } catch (err) {
      const status = err instanceof ApiError ? err.statusCode : 0
      if (status === 401) request.tessera.refusal = 'unauthenticated'
      else if (request.tessera.authFailure === 'network') request.tessera.refusal = 'network'
      else if (status === 429) request.tessera.refusal = 'throttled'
      throw err
    }
  })

  // Label Studio clients send bodiless POSTs and DELETEs; a declared body then reads as `{}`.
  // Attached to the routes that declare a body only: a hook on every GET costs a turn of
  // Fastify's hook runner for nothing.
  const emptyBody = (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    if (request.body === undefined) request.body = {}
    done()
  }
  api.addHook('onRoute', (route) => {
    if (!route.schema?.body) return
    const own = route.preValidation
    route.preValidation = own ? [emptyBody, ...(Array.isArray(own) ? own : [own])] : emptyBody
  })

  opts.onRecorder(registerRecording(api, engine, log).record)

  api.setErrorHandler((err, _request, reply) => {
    const apiError = toApiError(err)
    if (apiError.statusCode >= 500) log(err)
    return sendError(reply, apiError)
  })
  const notFound = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).send(errorBody(404, 'Not found.'))
  api.setNotFoundHandler(notFound)
  api.all('/api/*', { schema: { hide: true } }, notFound)

  registerRoutes(api, {
    engine,
    accessTokens: opts.accessTokens,
    limits: opts.limits,
    cached: responseCache(engine),
  })
}
