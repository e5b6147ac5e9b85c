import type { FastifyInstance } from 'fastify'
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

export type RouteModule = (app: FastifyInstance, ctx: ApiContext) => void
