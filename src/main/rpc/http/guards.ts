import type { AddressInfo } from 'node:net'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorBody, ErrorCode } from '../../../shared/result'

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])
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
 * The DNS-rebinding guard for the admin routes: a page on evil.example that resolves to
 * 127.0.0.1 still sends `Host: evil.example`. Loopback names pass, as do the address the server
 * is bound to and any host the operator configured (for a TLS proxy on a shared host).
 */
export function hostAllowed(app: FastifyInstance, allowed: readonly string[]) {
  const extra = new Set(allowed.map((h) => h.toLowerCase()))
  return (request: FastifyRequest): boolean => {
    const host = (request.headers.host ?? '').toLowerCase()
    if (!host) return false
    if (extra.has(host)) return true
    const name = host.endsWith(']') ? host : host.replace(/:\d+$/, '')
    if (LOOPBACK_NAMES.has(name) || extra.has(name)) return true
    const bound = app.server.address() as AddressInfo | string | null
    if (bound && typeof bound === 'object' && !['0.0.0.0', '::'].includes(bound.address)) {
      const address = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address
      return name === address.toLowerCase()
    }
    return false
  }
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
