import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CSRF_HEADER } from '../../../shared/auth'

/**
 * The session cookie. With Secure cookies (behind TLS) the `__Host-` prefix makes the browser
 * itself refuse a cookie that was set without Secure, for another path, or with a Domain.
 */
export const sessionCookieName = (secure: boolean): string =>
  secure ? '__Host-tessera_session' : 'tessera_session'

export function readSessionToken(request: FastifyRequest, name: string): string {
  const value = request.cookies?.[name]
  return typeof value === 'string' ? value : ''
}

export function setSessionCookie(
  reply: FastifyReply,
  name: string,
  token: string,
  opts: { secure: boolean; maxAgeMs: number },
): void {
  reply.setCookie(name, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: opts.secure,
    maxAge: Math.floor(opts.maxAgeMs / 1000),
  })
}

export function clearSessionCookie(reply: FastifyReply, name: string, secure: boolean): void {
  reply.clearCookie(name, { httpOnly: true, sameSite: 'strict', path: '/', secure })
}

/** Constant-time comparison of the `X-CSRF-Token` header with the session's token. */
export function csrfMatches(request: FastifyRequest, expected: string): boolean {
  const sent = request.headers[CSRF_HEADER.toLowerCase()]
  if (typeof sent !== 'string' || sent.length === 0) return false
  const a = Buffer.from(sent)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
