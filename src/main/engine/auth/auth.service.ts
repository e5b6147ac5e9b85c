import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import {
  NO_ADMIN_ACCESS_MESSAGE,
  SERVICE_ACCOUNT_SIGN_IN_MESSAGE,
  TOTP_CODE_MESSAGE,
  WRONG_CODE_MESSAGE,
  WRONG_CREDENTIALS_MESSAGE,
  type SessionUser,
  type SetupInput,
} from '../../../shared/auth'
import { adminSessionsRepo, type AdminSessionView } from '../../db/repos/admin-sessions.repo'
import type { Repos } from '../../db/repos'
import { signInRepo } from '../../db/repos/sign-in.repo'
import type { ActivityRecorder } from '../activity/recorder'
import type { EngineDeps } from '../deps'
import { conflict } from '../errors'
import { displayName, splitName } from '../mappers'
import { invitationSignIn } from './invitation-sign-in'
import { hashPassword, verifyPassword, type ScryptCost } from './passwords'
import type { TotpService } from './totp.service'
import { accountKey, signInKeys, signInThrottle } from './throttle'

export const SESSION_IDLE_MS = 30 * 60_000
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000
// Sliding the idle deadline on every request would write on every request; once a minute is enough.
const TOUCH_EVERY_MS = 60_000

export interface AuthOptions {
  idleMs?: number
  absoluteMs?: number
  cost?: ScryptCost
}

/** Where a sign-in request came from, for throttling and the activity log. */
export interface ClientMeta {
  ip: string | null
  userAgent: string | null
}

export interface ActiveSession {
  sessionId: number
  organizationId: number
  user: SessionUser
  csrfToken: string
  /** The Owner requires two-step sign-in and this person has not set it up yet. */
  totpEnrolmentRequired: boolean
}

export type LoginOutcome =
  | { ok: true; sessionToken: string; session: ActiveSession }
  | {
      ok: false
      status: 401 | 403 | 429
      reason:
        | 'invalid'
        | 'service_account'
        | 'no_access'
        | 'throttled'
        | 'totp_required'
        | 'invalid_code'
      message: string
      retryAfterMs?: number
    }

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest()
/** The CSRF token is derived from the session id, so it needs no storage and dies with the session. */
export const csrfTokenFor = (sessionToken: string): string =>
  createHash('sha256').update(`tessera-csrf\0${sessionToken}`).digest('base64url')

const isAdmin = (role: string | null): role is 'OW' | 'AD' => role === 'OW' || role === 'AD'

/**
 * Serve-mode sign-in for Owners and Administrators: first-run setup, password sign-in with
 * throttling, and server-side sessions with idle and absolute expiry. Every attempt is recorded
 * in the activity log.
 */
export function authService(
  deps: EngineDeps,
  repos: Repos,
  activity: ActivityRecorder,
  totp: TotpService,
  options: AuthOptions = {},
) {
  const idleMs = options.idleMs ?? SESSION_IDLE_MS
  const absoluteMs = options.absoluteMs ?? SESSION_ABSOLUTE_MS
  const sessions = adminSessionsRepo(deps.db)
  const signIn = signInRepo(deps.db)
  const throttle = signInThrottle(signIn, deps.now)

  function organization() {
    const org = repos.organizations.first()
    if (!org) throw new Error('no organization: call engine.organization.ensure() first')
    return org
  }

  function ownerUser() {
    const org = organization()
    const owner = repos.memberships.owner(org.id)
    const user = owner ? repos.users.get(owner.user_id) : undefined
    if (!user) throw new Error('organization has no owner')
    return { org, user }
  }

  const setupRequired = (): boolean => ownerUser().user.password_hash === null

  const applySetup = deps.db.transaction((input: SetupInput, hash: string) => {
    const { org, user } = ownerUser()
    if (user.password_hash !== null) throw conflict('Setup is already complete; sign in instead')
    const taken = repos.users.byEmail(input.email)
    if (taken && taken.id !== user.id) throw conflict(`${input.email} is already in use`, 'email')
    const name = input.name
      ? splitName(input.name)
      : { first: user.first_name, last: user.last_name }
    signIn.setProfile(user.id, { email: input.email, first: name.first, last: name.last, hash })
    sessions.endAllFor(user.id, deps.now())
    activity.admin(
      { organizationId: org.id, userId: user.id },
      { action: 'auth.setup', targetUserId: user.id, details: { email: input.email } },
    )
  })

  /** First run: gives the Owner an email, name and password. Refused once a password exists. */
  async function setup(input: SetupInput): Promise<void> {
    if (!setupRequired()) throw conflict('Setup is already complete; sign in instead')
    // Hash outside the transaction: better-sqlite3 transactions cannot span an await.
    const hash = await hashPassword(input.password, deps.randomBytes(16), options.cost)
    applySetup(input, hash)
  }

  function record(
    orgId: number,
    meta: ClientMeta,
    started: number,
    entry: {
      status: number
      url: string
      outcome: string
      userId?: number | null
      email?: string | null
    },
  ): void {
    activity.api({
      organization_id: orgId,
      actor_id: entry.userId ?? null,
      actor_email: entry.email ?? null,
      token_id: null,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 512) ?? null,
      method: 'POST',
      url: entry.url,
      status: entry.status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
      project_id: null,
      workspace_id: null,
      action: entry.url === '/auth/logout' ? 'auth.logout' : 'auth.login',
      target_user_id: entry.userId ?? null,
      details: JSON.stringify({ outcome: entry.outcome }),
    })
  }

  function toActive(row: AdminSessionView, token: string): ActiveSession {
    return {
      sessionId: row.id,
      organizationId: row.organization_id,
      user: {
        id: row.user_id,
        email: row.email,
        name: displayName(row),
        role: row.role as 'OW' | 'AD',
      },
      csrfToken: csrfTokenFor(token),
      totpEnrolmentRequired: totp.requiredIn(row.organization_id) && !totp.enabledFor(row.user_id),
    }
  }

  /**
   * Signs a person in with their password and, when they set one up, a code from their
   * authenticator app (or a recovery code). A wrong code counts as a failure of the account and
   * the address, like a wrong password.
   */
  async function login(
    email: string,
    password: string,
    meta: ClientMeta,
    code?: string,
  ): Promise<LoginOutcome> {
    const started = performance.now()
    const org = organization()
    const keys = signInKeys(email, meta.ip)
    const url = '/auth/login'
    const wait = throttle.retryAfter(keys)
    const account = signIn.account(org.id, email)
    const who = { userId: account?.id ?? null, email: account?.email ?? null }
    if (wait > 0) {
      record(org.id, meta, started, { status: 429, url, outcome: 'throttled', ...who })
      const message = `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 1000)} seconds.`
      return { ok: false, status: 429, reason: 'throttled', message, retryAfterMs: wait }
    }
    if (account?.kind === 'service') {
      record(org.id, meta, started, { status: 403, url, outcome: 'service_account', ...who })
      return {
        ok: false,
        status: 403,
        reason: 'service_account',
        message: SERVICE_ACCOUNT_SIGN_IN_MESSAGE,
      }
    }
    const matches = await verifyPassword(password, account?.password_hash ?? null)
    if (!account || !matches) {
      throttle.fail(keys)
      record(org.id, meta, started, { status: 401, url, outcome: 'wrong_credentials', ...who })
      return { ok: false, status: 401, reason: 'invalid', message: WRONG_CREDENTIALS_MESSAGE }
    }
    // The code is checked before the failures are forgotten: a right password with wrong codes
    // must keep counting.
    if (totp.enabledFor(account.id)) {
      if (!code) {
        record(org.id, meta, started, { status: 401, url, outcome: 'totp_required', ...who })
        return { ok: false, status: 401, reason: 'totp_required', message: TOTP_CODE_MESSAGE }
      }
      if (!totp.check(account.id, code)) {
        throttle.fail(keys)
        record(org.id, meta, started, { status: 401, url, outcome: 'wrong_code', ...who })
        return { ok: false, status: 401, reason: 'invalid_code', message: WRONG_CODE_MESSAGE }
      }
    }
    throttle.clear(accountKey(email))
    if (!isAdmin(account.role) || account.member_deleted_at !== null) {
      record(org.id, meta, started, { status: 403, url, outcome: 'no_admin_access', ...who })
      return { ok: false, status: 403, reason: 'no_access', message: NO_ADMIN_ACCESS_MESSAGE }
    }
    const now = deps.now()
    const token = Buffer.from(deps.randomBytes(32)).toString('base64url')
    sessions.purge(now)
    sessions.insert({
      id_hash: sha256(token),
      user_id: account.id,
      organization_id: org.id,
      created_at: now,
      last_seen_at: now,
      idle_expires_at: now + idleMs,
      expires_at: now + absoluteMs,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 512) ?? null,
    })
    record(org.id, meta, started, { status: 200, url, outcome: 'signed_in', ...who })
    const row = sessions.byHash(sha256(token))!
    return { ok: true, sessionToken: token, session: toActive(row, token) }
  }

  /**
   * The live session for a cookie value, or null. Re-checks the holder every time: a demoted,
   * deactivated or removed admin loses the session at the next request.
   */
  function resolve(token: string, opts: { touch?: boolean } = {}): ActiveSession | null {
    if (!token) return null
    const row = sessions.byHash(sha256(token))
    if (!row || row.ended_at !== null) return null
    const now = deps.now()
    const valid =
      now < row.expires_at &&
      now < row.idle_expires_at &&
      row.kind === 'human' &&
      isAdmin(row.role) &&
      row.member_deleted_at === null
    if (!valid) {
      sessions.end(row.id, now)
      return null
    }
    if (opts.touch !== false && now - row.last_seen_at >= TOUCH_EVERY_MS) {
      sessions.touch(row.id, now, Math.min(now + idleMs, row.expires_at))
    }
    return toActive(row, token)
  }

  function logout(token: string, meta: ClientMeta): boolean {
    const started = performance.now()
    const row = token ? sessions.byHash(sha256(token)) : undefined
    if (!row || row.ended_at !== null) return false
    sessions.end(row.id, deps.now())
    record(row.organization_id, meta, started, {
      status: 200,
      url: '/auth/logout',
      outcome: 'signed_out',
      userId: row.user_id,
      email: row.email,
    })
    return true
  }

  const { invitation, acceptInvitation } = invitationSignIn({
    deps,
    repos,
    activity,
    throttle,
    signIn,
    endSessionsOf: (userId) => sessions.endAllFor(userId, deps.now()),
    hashPassword: (password) => hashPassword(password, deps.randomBytes(16), options.cost),
  })

  return {
    setupRequired,
    setup,
    login,
    resolve,
    logout,
    invitation,
    acceptInvitation,
    idleMs,
    absoluteMs,
  }
}
export type AuthService = ReturnType<typeof authService>
