import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorBody, ErrorCode } from '../../../shared/result'

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

/** Sends `{ ok: false, error }` with an HTTP status: the shape the renderer's transport reads. */
export function refuse(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): FastifyReply {
  const error: ErrorBody = details ? { code, message, details } : { code, message }
  return reply.code(status).send({ ok: false, error })
}

/**
 * Whether the TCP peer is this machine. Uses the socket, never X-Forwarded-For, so a proxy
 * header cannot claim to be local; requests relayed by a proxy (which is itself local) are
 * recognised by their forwarding headers and refused too.
 */
export function isLoopbackPeer(request: FastifyRequest): boolean {
  const peer = request.socket?.remoteAddress ?? ''
  const relayed = ['forwarded', 'x-forwarded-for', 'x-real-ip'].some((h) => h in request.headers)
  return LOOPBACK_ADDRESSES.has(peer) && !relayed
}

/**
 * Same-origin check for state-changing requests: browsers send `Origin` on every cross-site
 * POST, so a mismatch with our own Host is a forged request even before the CSRF token is read.
 */
export function originMatches(request: FastifyRequest): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  try {
    return new URL(origin).host.toLowerCase() === (request.headers.host ?? '').toLowerCase()
  } catch {
    return false
  }
}
