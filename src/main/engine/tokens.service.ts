import { createHash, timingSafeEqual } from 'node:crypto'
import { checkTokenShape, displayToken, formatToken } from '../../shared/token-format'
import { epochCache, type DataEpoch } from '../db/data-epoch'
import type { ApiTokenRow, CredentialRow } from '../db/repos/api-tokens.repo'
import type { Repos } from '../db/repos'
import type { Role } from '../../shared/roles'
import { networkAllows } from './access/networks'
import { DAY_MS, type EngineDeps } from './deps'
import { conflict, invalid } from './errors'

export type TokenFailure =
  | 'malformed'
  | 'bad_checksum'
  | 'unknown'
  | 'revoked'
  | 'expired'
  | 'deactivated'
  | 'deleted'
  | 'disabled'
  | 'network'

/** Who a verified credential belongs to. */
export interface Principal {
  userId: number
  organizationId: number
  tokenId: number
  tokenKind: ApiTokenRow['kind']
  /** The token's display form (`tsa_…wxyz`), so each request's entry says which one was used. */
  tokenDisplay: string
  /** Set when the token was replaced by a reset and is accepted until then (its grace period). */
  graceUntil: number | null
  role: Role
  kind: 'human' | 'service'
  email: string
}

/**
 * Whose a refused credential is, when it is a real one (its hash matched a stored token): the
 * request stays refused, but the log can say who is still using an old credential.
 */
export interface CredentialOwner {
  userId: number
  organizationId: number
  tokenId: number
  tokenDisplay: string
  email: string | null
}

export type VerifyResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: TokenFailure; owner?: CredentialOwner }

/** What a caller is told for each failure (the API's 401 `detail`). */
export const TOKEN_FAILURE_MESSAGES: Record<TokenFailure, string> = {
  malformed: 'Invalid token header. The token is not in the expected format.',
  bad_checksum: 'Invalid token. The checksum does not match; the token was mistyped or truncated.',
  unknown: 'Invalid token.',
  revoked: 'Token has been revoked.',
  expired: 'Token has expired.',
  deactivated: 'User inactive or deleted. The account is deactivated.',
  deleted: 'User inactive or deleted. The account has been deleted.',
  disabled: 'API tokens are disabled for this organization.',
  network:
    'Requests with this token are not accepted from this address: its service account allows only the networks on its allowlist.',
}

/** The 403 `detail` for a source outside the account's allowlist, naming the source. */
export const networkRefusal = (source: string) =>
  `Requests with this token are not accepted from ${source}: its service account allows only the networks on its allowlist.`

export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest()

// Compared against when the hash is unknown, so both paths do the same constant-time work.
const DUMMY_HASH = Buffer.alloc(32, 0x5a)

/**
 * Live personal access tokens one person may hold at once. Each PAT is a credential of its own,
 * so without a cap minting more would multiply what one account can do (and leave more secrets
 * around); Label Studio allows one and answers 409 for another, ten leaves room for rotation
 * and a few machines.
 */
export const MAX_LIVE_PATS = 10

/** The expiry a new token gets (see `issue`), or the VALIDATION error for one out of bounds. */
export function expiryWithin(
  maxLifetimeDays: number | null,
  now: number,
  chosen: number | null | undefined,
): number | null {
  const latest = maxLifetimeDays ? now + maxLifetimeDays * DAY_MS : null
  if (chosen === undefined) return latest
  if (chosen === null) {
    if (latest === null) return null
    throw invalid(
      `The organization allows tokens for at most ${maxLifetimeDays} days; choose an expiry`,
      'expiresAt',
    )
  }
  if (chosen <= now) throw invalid('The expiry must be in the future', 'expiresAt')
  if (latest !== null && chosen > latest) {
    throw invalid(
      `The organization allows tokens for at most ${maxLifetimeDays} days: expiry no later than ${new Date(latest).toISOString()}`,
      'expiresAt',
    )
  }
  return chosen
}

export function tokensService(deps: EngineDeps, repos: Repos, epoch: DataEpoch) {
  // Only tokens that exist are kept, so this is bounded by the database; 50,000 covers any
  // organization without a lap over every token ever flushing it.
  const credentials = epochCache<CredentialRow | undefined>(epoch, 50_000)
  /**
   * Issues a token. `expiresAt` is the moment chosen for it: undefined takes the
   * organization's maximum lifetime (or no expiry without one), null asks for none (refused
   * under a maximum), and a time must lie in the future and within the maximum.
   */
  function issue(
    userId: number,
    organizationId: number,
    kind: ApiTokenRow['kind'] = 'api_key',
    expiresAt?: number | null,
  ) {
    const org = repos.organizations.get(organizationId)
    const now = deps.now()
    if (kind === 'pat') refuseOverPatCap(userId, organizationId, org?.token_max_lifetime_days, now)
    const expires = expiryWithin(org?.token_max_lifetime_days ?? null, now, expiresAt)
    const token = formatToken(deps.randomBytes)
    const id = repos.apiTokens.insert({
      user_id: userId,
      organization_id: organizationId,
      kind,
      hash: hashToken(token),
      display: displayToken(token),
      created_at: now,
      expires_at: expires,
    })
    return { id, token }
  }

  function refuseOverPatCap(
    userId: number,
    organizationId: number,
    maxLifetimeDays: number | null | undefined,
    now: number,
  ): void {
    const maxAge = maxLifetimeDays ? maxLifetimeDays * DAY_MS : null
    const live = repos.apiTokens
      .live(userId)
      .filter(
        (t) =>
          t.kind === 'pat' &&
          t.organization_id === organizationId &&
          (t.expires_at === null || now < t.expires_at) &&
          (maxAge === null || now < t.created_at + maxAge),
      ).length
    if (live >= MAX_LIVE_PATS) {
      throw conflict(
        `You already have ${MAX_LIVE_PATS} valid personal access tokens. Please revoke one before creating a new one.`,
      )
    }
  }

  const touched = new Map<number, { at: number; ip: string | null; userAgent: string | null }>()

  /**
   * `source` is the request's address: an account with a network allowlist has its tokens
   * refused from anywhere else (after every other check, so the refusal names a credential
   * that would otherwise work). Without a source (leak checks, tests) the allowlist is not
   * asked.
   */
  function verify(plaintext: string, source?: string): VerifyResult {
    const shape = checkTokenShape(plaintext)
    if (shape !== 'ok') return { ok: false, reason: shape }
    const hash = hashToken(plaintext)
    // One statement reads the token with its organization, membership, user and account, so a
    // guess costs one index lookup whatever it is. Rows found are kept until any watched data
    // changes (see data-epoch.ts), so a revocation, role change or deletion, in this process or
    // another, applies to the very next request; what a lookup finds is told by the answer
    // anyway (each 401 names its reason), so a faster known token reveals nothing more.
    const row = credentials.get(hash.toString('base64'), () => repos.apiTokens.credential(hash))
    const equal = timingSafeEqual(hash, row?.hash ?? DUMMY_HASH)
    if (!row || !equal) return { ok: false, reason: 'unknown' }
    // A real credential refused is attributed to its owner (within an organization that exists).
    const owner: CredentialOwner | undefined =
      row.org_found === null
        ? undefined
        : {
            userId: row.user_id,
            organizationId: row.organization_id,
            tokenId: row.id,
            tokenDisplay: row.display,
            email: row.email,
          }
    const refuse = (reason: TokenFailure): VerifyResult =>
      owner ? { ok: false, reason, owner } : { ok: false, reason }
    const now = deps.now()
    // A token replaced by a reset with a grace period is accepted until the grace ends. The
    // clock decides at every verification (the cached row holds only the end), so a cached
    // row never lets the previous token in past it.
    const inGrace = row.revoked_at !== null && row.grace_until !== null && now < row.grace_until
    if (row.revoked_at !== null && !inGrace) {
      // A deleted account's caller learns why; after an undelete the old token is just revoked.
      return refuse(row.account_deleted_at != null ? 'deleted' : 'revoked')
    }
    if (row.org_found === null) return { ok: false, reason: 'unknown' }
    const maxAge = row.token_max_lifetime_days ? row.token_max_lifetime_days * DAY_MS : null
    if (
      (row.expires_at !== null && now >= row.expires_at) ||
      (maxAge && now >= row.created_at + maxAge)
    ) {
      return refuse('expired')
    }
    if (row.kind === 'api_key' && !row.api_keys_enabled) return refuse('disabled')
    if (row.kind === 'pat' && !row.pats_enabled) return refuse('disabled')
    if (
      row.role === null ||
      row.user_kind === null ||
      row.email === null ||
      row.member_deleted_at !== null
    ) {
      return refuse('deleted')
    }
    if (row.user_kind === 'service' && row.account_deleted_at != null) return refuse('deleted')
    if (row.role === 'DI' || row.role === 'NO') return refuse('deactivated')
    if (source !== undefined && !networkAllows(row.allowed_networks, source)) {
      return refuse('network')
    }
    return {
      ok: true,
      principal: {
        userId: row.user_id,
        organizationId: row.organization_id,
        tokenId: row.id,
        tokenKind: row.kind,
        tokenDisplay: row.display,
        graceUntil: inGrace ? row.grace_until : null,
        role: row.role,
        kind: row.user_kind,
        email: row.email,
      },
    }
  }

  /** Revokes every token of the user, and ends any grace period a replaced one still has. */
  function revokeAll(userId: number, reason: string): number {
    const now = deps.now()
    repos.apiTokens.endGrace(userId, now)
    return repos.apiTokens.revokeAllFor(userId, now, reason)
  }

  /**
   * Revokes the user's tokens and issues a new API key. With a grace period the API key in use
   * until now stays valid for that long (any earlier grace ends: only one previous token is
   * ever accepted beside the current one). Runs inside the caller's transaction.
   */
  function rotate(
    userId: number,
    organizationId: number,
    graceMs: number,
    reason: string,
    expiresAt?: number | null,
  ) {
    const current = repos.apiTokens.live(userId).find((t) => t.kind === 'api_key')
    const revoked = revokeAll(userId, reason)
    const issued = issue(userId, organizationId, 'api_key', expiresAt)
    let previous: { id: number; display: string; validUntil: number } | null = null
    if (graceMs > 0 && current) {
      const validUntil = deps.now() + graceMs
      repos.apiTokens.setGrace(current.id, validUntil)
      previous = { id: current.id, display: current.display, validUntil }
    }
    return { ...issued, revoked, previous }
  }

  return {
    issue,
    verify,
    revokeAll,
    rotate,
    /** Ends the user's running grace periods now; how many there were. */
    endGrace: (userId: number) => repos.apiTokens.endGrace(userId, deps.now()),
    /**
     * Remembers when, from where and by what a token was last used. Shown to the second, so a
     * token busy from one client is written at most once a second: otherwise every request would
     * pay a second commit next to its activity entry.
     */
    touch(tokenId: number, ip: string | null, userAgent: string | null) {
      const now = deps.now()
      const prev = touched.get(tokenId)
      if (
        prev &&
        prev.ip === ip &&
        prev.userAgent === userAgent &&
        now >= prev.at &&
        now - prev.at < 1000
      ) {
        return
      }
      touched.set(tokenId, { at: now, ip, userAgent })
      repos.apiTokens.touch(tokenId, now, ip, userAgent)
    },
    /** Not revoked, or replaced by a reset whose grace period still runs. */
    stillAccepted: (row: ApiTokenRow) =>
      row.revoked_at === null || (row.grace_until !== null && deps.now() < row.grace_until),
    /** Looks a plaintext token up by hash, for leak checks: whose is it, and is it live? */
    lookup: (plaintext: string) =>
      checkTokenShape(plaintext) === 'ok'
        ? repos.apiTokens.byHash(hashToken(plaintext))
        : undefined,
  }
}
export type TokensService = ReturnType<typeof tokensService>
