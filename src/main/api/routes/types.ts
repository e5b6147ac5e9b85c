import type { FastifyInstance } from 'fastify'
import type { Engine } from '../../engine/engine'
import type { AccessTokens } from '../access-tokens'
import type { Limits } from '../rate-limit'

/** What every route module gets. */
export interface ApiContext {
  engine: Engine
  accessTokens: AccessTokens
  limits: Limits
}

export type RouteModule = (app: FastifyInstance, ctx: ApiContext) => void
