import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Engine } from '../../engine/engine'
import type { AccessTokens } from '../access-tokens'
import type { Limits } from '../rate-limit'
import type { ResponseCache } from '../response-cache'

/** What every route module gets. */
export interface ApiContext {
  engine: Engine
  accessTokens: AccessTokens
  limits: Limits
  /** Answers of read-only routes, kept until watched data changes. */
  cached: ResponseCache
}

/** The REST plugin's instance, typed by the zod schemas each route declares. */
export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>

export type RouteModule = (app: ApiApp, ctx: ApiContext) => void
