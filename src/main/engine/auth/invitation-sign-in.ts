import { createHash } from 'node:crypto'
import {
  INVITATION_INVALID_MESSAGE,
  type AcceptInvitationInput,
  type InvitationInfo,
} from '../../../shared/auth'
import type { Repos } from '../../db/repos'
import { invitationsRepo, type InvitationsRepo } from '../../db/repos/invitations.repo'
import type { SignInRepo } from '../../db/repos/sign-in.repo'
import type { ActivityRecorder } from '../activity/recorder'
import type { EngineDeps } from '../deps'
import { displayName, splitName } from '../mappers'
import type { ClientMeta } from './auth.service'
import { accountKey, ipKey, isLoopbackAddress, type SignInThrottle } from './throttle'

/** A refusal of an invitation link: unknown, used, revoked, expired, or too many tries. */
export type InvitationRefusal = {
  ok: false
  status: 404 | 429
  message: string
  retryAfterMs?: number
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest()

/**
 * The invited person's side of an invitation: whom a link is for, and setting the password with
 * it (once). Sign-in itself stays in auth.service.
 */
export function invitationSignIn(p: {
  deps: EngineDeps
  repos: Repos
  activity: ActivityRecorder
  throttle: SignInThrottle
  signIn: SignInRepo
  endSessionsOf: (userId: number) => void
  hashPassword: (password: string) => Promise<string>
}) {
  const { deps, repos, activity, throttle, signIn } = p
  // Prepared on first use: an engine may be built over an older file before it is migrated.
  let invitationsOnce: InvitationsRepo | undefined
  const invitations = () => (invitationsOnce ??= invitationsRepo(deps.db))

  // Guessing a link's 256-bit secret is hopeless, but each wrong one from a remote address
  // counts like a wrong password all the same, so a scanner is slowed before it costs a scrypt.
  const invitationKeys = (ip: string | null) => (isLoopbackAddress(ip) ? [] : [ipKey(ip)])

  /** The open invitation a link's secret names, with whom it is for; null when it is not usable. */
  function usableInvitation(token: string) {
    const row = invitations().byHash(sha256(token))
    if (!row || row.accepted_at !== null || row.revoked_at !== null) return null
    if (deps.now() >= row.expires_at) return null
    const account = signIn.account(row.organization_id, repos.users.get(row.user_id)?.email ?? '')
    if (!account || account.id !== row.user_id || account.kind !== 'human') return null
    if (account.role !== 'AD' || account.member_deleted_at !== null) return null
    return { row, account }
  }

  function invitationCheck(token: string, meta: ClientMeta): InvitationRefusal | null {
    const wait = throttle.retryAfter(invitationKeys(meta.ip))
    if (wait > 0) {
      const message = `Too many invalid invitation links. Try again in ${Math.ceil(wait / 1000)} seconds.`
      return { ok: false, status: 429, message, retryAfterMs: wait }
    }
    if (usableInvitation(token)) return null
    throttle.fail(invitationKeys(meta.ip))
    return { ok: false, status: 404, message: INVITATION_INVALID_MESSAGE }
  }

  /** Whom an invitation link is for, so the page can greet them before they choose a password. */
  function invitation(
    token: string,
    meta: ClientMeta,
  ): { ok: true; value: InvitationInfo } | InvitationRefusal {
    const refusal = invitationCheck(token, meta)
    if (refusal) return refusal
    const { row, account } = usableInvitation(token)!
    return {
      ok: true,
      value: { email: account.email, name: displayName(account), expiresAt: row.expires_at },
    }
  }

  const applyInvitation = deps.db.transaction(
    (token: string, hash: string, name: string | undefined, meta: ClientMeta) => {
      // Checked again inside the transaction: the link may have been used or revoked meanwhile.
      const found = usableInvitation(token)
      if (!found || invitations().accept(found.row.id, deps.now()) === 0) return null
      const { row, account } = found
      const n = name ? splitName(name) : { first: account.first_name, last: account.last_name }
      signIn.setProfile(account.id, { email: account.email, first: n.first, last: n.last, hash })
      p.endSessionsOf(account.id)
      throttle.clear(accountKey(account.email))
      activity.admin(
        { organizationId: row.organization_id, userId: account.id },
        {
          action: 'auth.invitation_accept',
          targetUserId: account.id,
          details: { invitedBy: row.created_by, ip: meta.ip },
        },
      )
      return { email: account.email }
    },
  )

  /** The invited person sets their password; the link works once. They sign in afterwards. */
  async function acceptInvitation(
    input: AcceptInvitationInput,
    meta: ClientMeta,
  ): Promise<{ ok: true; value: { email: string } } | InvitationRefusal> {
    const refusal = invitationCheck(input.token, meta)
    if (refusal) return refusal
    const hash = await p.hashPassword(input.password)
    const done = applyInvitation.immediate(input.token, hash, input.name, meta)
    if (!done) return { ok: false, status: 404, message: INVITATION_INVALID_MESSAGE }
    return { ok: true, value: done }
  }

  return { invitation, acceptInvitation }
}
