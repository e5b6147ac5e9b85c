import type { FastifyRequest } from 'fastify'
import type { Engine } from '../engine/engine'
import { TOKEN_FAILURE_MESSAGES, type Principal, type TokenFailure } from '../engine/tokens.service'
import { ApiError } from './errors'
import type { Limits } from './rate-limit'
import type { AccessTokens } from './access-tokens'

export const MISSING_CREDENTIALS = 'Authentication credentials were not provided.'

const GUESSES = new Set<string>(['malformed', 'bad_checksum', 'unknown'])

type Extracted = { token: string } | { failure: 'missing' | 'malformed' }

/** Reads `Authorization: Token|Bearer <key>` or `X-Api-Key: <key>`. */
export function extractCredential(request: FastifyRequest): Extracted {
  const header = request.headers.authorization
  if (typeof header === 'string' && header.trim() !== '') {
    const match = /^(Token|Bearer)\s+(\S+)\s*$/i.exec(header.trim())
    return match ? { token: match[2]! } : { failure: 'malformed' }
  }
  const key = request.headers['x-api-key']
  if (typeof key === 'string' && key.trim() !== '') return { token: key.trim() }
  return { failure: 'missing' }
}

function unauthorized(reason: TokenFailure | 'missing'): ApiError {
  const detail = reason === 'missing' ? MISSING_CREDENTIALS : TOKEN_FAILURE_MESSAGES[reason]
  // DRF answers 401 with a WWW-Authenticate challenge naming the scheme.
  return new ApiError(401, detail, undefined, { 'WWW-Authenticate': 'Token' })
}

function tooMany(retryAfter: number, detail: string): ApiError {
  return new ApiError(429, detail, undefined, { 'Retry-After': String(retryAfter) })
}

/**
 * Authenticates a request, or throws the 401/429 to send. A client address that keeps failing
 * is cut off for the rest of the window before its token is even looked at, so guessing costs
 * nothing but time. Role and membership are read fresh on every call (no caching): a change
 * made by an admin applies to the very next request.
 */
export async function authenticate(
  request: FastifyRequest,
  engine: Engine,
  limits: Limits,
  jwt: AccessTokens,
): Promise<Principal> {
  const ip = request.ip
  const lockout = limits.authFailures.blocked(ip)
  const found = extractCredential(request)
  if ('failure' in found && found.failure === 'missing') {
    request.tessera.authFailure = 'missing'
    throw unauthorized('missing')
  }
  if (lockout !== null) {
    request.tessera.details.lockout = true
    throw tooMany(
      lockout,
      'Too many failed authentication attempts from this address. Try again later.',
    )
  }
  const result =
    'failure' in found
      ? ({ ok: false, reason: 'malformed' } as const)
      : found.token.includes('.')
        ? await jwt.verifyAccess(found.token)
        : engine.tokens.verify(found.token)
  if (!result.ok) {
    // Only guess-shaped failures count toward the lockout. A revoked, expired or deactivated
    // token is a real credential (nobody guesses one), and a forgotten bot retrying with it
    // must not lock every other client on this machine out.
    if (GUESSES.has(result.reason)) limits.authFailures.hit(ip)
    request.tessera.authFailure = result.reason
    throw unauthorized(result.reason)
  }
  const principal = result.principal
  request.tessera.principal = principal
  const over = limits.perToken.blocked(String(principal.tokenId))
  if (over !== null) {
    throw tooMany(over, `Request was throttled. Expected available in ${over} seconds.`)
  }
  limits.perToken.hit(String(principal.tokenId))
  const ua = request.headers['user-agent']
  engine.tokens.touch(principal.tokenId, ip, typeof ua === 'string' ? ua.slice(0, 256) : null)
  return principal
}
