import { createHash } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { isLoopbackAddress } from '../engine/auth/throttle'
import type { Engine } from '../engine/engine'
import {
  TOKEN_FAILURE_MESSAGES,
  networkRefusal,
  type Principal,
  type TokenFailure,
} from '../engine/tokens.service'
import { ApiError } from './errors'
import type { Limits } from './rate-limit'
import type { AccessTokens } from './access-tokens'

export const MISSING_CREDENTIALS = 'Authentication credentials were not provided.'

/** Failures that look like guessing (the credential never existed); only these count. */
export const GUESS_REASONS: ReadonlySet<string> = new Set(['malformed', 'bad_checksum', 'unknown'])

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

export const CREDENTIAL_LOCKED =
  'Too many failed authentication attempts with this credential. Try again later.'
export const ADDRESS_LOCKED =
  'Too many failed authentication attempts from this address. Try again later.'

/**
 * The failed-authentication lockout for one request. Failures are counted per presented
 * credential (a hash prefix, so the counters never hold a secret) and, for a peer that is not
 * this machine, per address as well. On loopback every local client shares 127.0.0.1, so an
 * address counter there would let any local process lock every client out; and whatever the
 * address, a credential that verifies is never refused by these counters: a lockout only turns
 * a failing guess's 401 into a 429. `ip` is `request.ip`: the real client behind a proxy the
 * operator named with trustProxy, otherwise the TCP peer.
 */
export function failureGate(limits: Limits, ip: string, credential: string) {
  // Hashed only when a counter is asked or charged: while nothing has failed (the usual state
  // of a busy API), a valid request does not pay for a second SHA-256 of its token.
  let key: string | null = null
  const credentialKey = () =>
    (key ??= `${ip}|${createHash('sha256').update(credential).digest('hex').slice(0, 32)}`)
  const byAddress = !isLoopbackAddress(ip)
  return {
    /** Before verifying: this very credential keeps failing (so it cannot be a valid one). */
    credentialBlocked: (): number | null =>
      limits.credentialFailures.empty ? null : limits.credentialFailures.blocked(credentialKey()),
    /** After a failed verification: the 429 to answer instead of 401, if locked. */
    lockedAfterFailure(): { wait: number; detail: string } | null {
      const byCredential = limits.credentialFailures.blocked(credentialKey())
      if (byCredential !== null) return { wait: byCredential, detail: CREDENTIAL_LOCKED }
      const byIp = byAddress ? limits.authFailures.blocked(ip) : null
      return byIp === null ? null : { wait: byIp, detail: ADDRESS_LOCKED }
    },
    charge(): void {
      limits.credentialFailures.hit(credentialKey())
      if (byAddress) limits.authFailures.hit(ip)
    },
  }
}

/**
 * Authenticates a request, or throws the 401/429 to send. Failed guesses are counted per
 * credential and per remote address (see failureGate); a valid credential is never refused by
 * them. Role and membership are read fresh on every call (no caching): a change made by an
 * admin applies to the very next request. A principal is held to two budgets per window: its
 * credential's and its account's (all of the account's tokens together).
 */
export async function authenticate(
  request: FastifyRequest,
  engine: Engine,
  limits: Limits,
  jwt: AccessTokens,
): Promise<Principal> {
  const ip = request.ip
  const found = extractCredential(request)
  if ('failure' in found && found.failure === 'missing') {
    request.tessera.authFailure = 'missing'
    throw unauthorized('missing')
  }
  const presented = 'token' in found ? found.token : String(request.headers.authorization)
  const gate = failureGate(limits, ip, presented)
  const repeated = gate.credentialBlocked()
  if (repeated !== null) {
    request.tessera.details.lockout = true
    throw tooMany(repeated, CREDENTIAL_LOCKED)
  }
  const result =
    'failure' in found
      ? ({ ok: false, reason: 'malformed' } as const)
      : found.token.includes('.')
        ? await jwt.verifyAccess(found.token, ip)
        : engine.tokens.verify(found.token, ip)
  if (!result.ok) {
    request.tessera.authFailure = result.reason
    if ('owner' in result && result.owner) request.tessera.credentialOwner = result.owner
    // Only guess-shaped failures count toward the lockout. A revoked, expired or deactivated
    // token is a real credential (nobody guesses one), and a forgotten bot retrying with it
    // must not lock every other client on this machine out.
    if (GUESS_REASONS.has(result.reason)) {
      const locked = gate.lockedAfterFailure()
      if (locked !== null) {
        request.tessera.details.lockout = true
        throw tooMany(locked.wait, locked.detail)
      }
      gate.charge()
    }
    if (result.reason === 'network') {
      // The credential is real and would work from elsewhere: forbidden, not unauthenticated.
      request.tessera.details.source = ip
      throw new ApiError(403, networkRefusal(ip))
    }
    throw unauthorized(result.reason)
  }
  const principal = result.principal
  request.tessera.principal = principal
  const tokenKey = String(principal.tokenId)
  const accountKey = String(principal.userId)
  const over = limits.perToken.blocked(tokenKey) ?? limits.perAccount.blocked(accountKey)
  if (over !== null) {
    throw tooMany(over, `Request was throttled. Expected available in ${over} seconds.`)
  }
  limits.perToken.hit(tokenKey)
  limits.perAccount.hit(accountKey)
  const ua = request.headers['user-agent']
  engine.tokens.touch(principal.tokenId, ip, typeof ua === 'string' ? ua.slice(0, 256) : null)
  return principal
}
