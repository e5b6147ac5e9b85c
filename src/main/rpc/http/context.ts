import type { FastifyRequest } from 'fastify'
import type { ActiveSession } from '../../engine/auth/auth.service'
import type { Engine } from '../../engine/engine'
import type { Dispatch } from '../dispatcher'
import { readSessionToken } from './session-cookie'

/** What the admin HTTP routes share. */
export interface AdminHttpContext {
  engine: Engine
  dispatch: Dispatch
  cookieName: string
  secure: boolean
  apiUrl: () => string | null
}

export function sessionOf(
  ctx: AdminHttpContext,
  request: FastifyRequest,
  opts: { touch?: boolean } = {},
): ActiveSession | null {
  return ctx.engine.auth.resolve(readSessionToken(request, ctx.cookieName), opts)
}

export const clientMeta = (request: FastifyRequest) => ({
  // request.ip is the socket's address unless the operator named a trusted proxy.
  ip: request.ip ?? request.socket?.remoteAddress ?? null,
  userAgent:
    typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
})
