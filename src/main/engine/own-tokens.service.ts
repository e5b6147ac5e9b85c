import { GRACE_MS, type RotationGrace } from '../../shared/rotation'
import type { Repos } from '../db/repos'
import { networkAllows } from './access/networks'
import { refused, type AccessPolicy } from './access/policy'
import type { ActivityRecorder } from './activity/recorder'
import { writeTransaction, type Actor, type EngineDeps } from './deps'
import type { ServiceAccountsService } from './service-accounts.service'
import type { Principal, TokensService, VerifyResult } from './tokens.service'

export const PATS_DISABLED = 'Personal access tokens are disabled for this organization.'

/**
 * What a caller does with its own credentials: mint a personal access token (when the
 * organization allows them), rotate its token, and have an access token's PAT re-read on each
 * use. Each change records its activity entry in the same transaction.
 */
export function ownTokensService(
  deps: EngineDeps,
  repos: Repos,
  access: AccessPolicy,
  activity: ActivityRecorder,
  tokens: TokensService,
  serviceAccounts: ServiceAccountsService,
) {
  const issuePat = writeTransaction(deps.db, (c: Actor) => {
    access.roleOf(c)
    if (!repos.organizations.get(c.organizationId)?.pats_enabled) throw refused(PATS_DISABLED)
    const issued = tokens.issue(c.userId, c.organizationId, 'pat')
    activity.admin(c, {
      action: 'token.create',
      targetUserId: c.userId,
      details: { tokenId: issued.id, kind: 'pat' },
    })
    const row = repos.apiTokens.get(issued.id)!
    return { token: issued.token, createdAt: row.created_at, expiresAt: row.expires_at }
  })

  // People rotate through the tokens service; a service account goes through its own service,
  // so the admin log shows the rotation like a reset from the UI. A grace period keeps the
  // replaced token valid for a while (a Tessera extension; Label Studio clients never ask).
  const reset = writeTransaction(
    deps.db,
    (
      c: Actor,
      grace: RotationGrace = 'none',
      expiresAt?: number | null,
    ): { token: string; previousValidUntil: number | null } => {
      access.roleOf(c)
      if (repos.users.get(c.userId)?.kind === 'service') {
        const issued = serviceAccounts.resetToken(c, c.userId, grace, expiresAt)
        return {
          token: issued.token,
          previousValidUntil: issued.account.previousToken?.validUntil ?? null,
        }
      }
      const rotated = tokens.rotate(
        c.userId,
        c.organizationId,
        GRACE_MS[grace],
        'self-reset',
        expiresAt,
      )
      const previous = rotated.previous
      activity.admin(c, {
        action: 'token.reset',
        targetUserId: c.userId,
        details: {
          tokenId: rotated.id,
          ...(previous
            ? { grace, previousTokenId: previous.id, previousValidUntil: previous.validUntil }
            : {}),
        },
      })
      return { token: rotated.token, previousValidUntil: previous?.validUntil ?? null }
    },
  )

  /** Re-reads a PAT behind an access token: revoked, expired or disabled PATs stop it at once. */
  function recheckPat(tokenId: number, source?: string): VerifyResult {
    const row = repos.apiTokens.get(tokenId)
    if (!row || row.kind !== 'pat') return { ok: false, reason: 'unknown' }
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' }
    const org = repos.organizations.get(row.organization_id)
    if (!org) return { ok: false, reason: 'unknown' }
    if (row.expires_at !== null && deps.now() >= row.expires_at) {
      return { ok: false, reason: 'expired' }
    }
    if (!org.pats_enabled) return { ok: false, reason: 'disabled' }
    const member = repos.memberships.get(row.organization_id, row.user_id)
    const user = repos.users.get(row.user_id)
    if (!member || !user || member.deleted_at !== null) return { ok: false, reason: 'deleted' }
    if (user.kind === 'service' && repos.serviceAccounts.get(user.id)?.deleted_at != null) {
      return { ok: false, reason: 'deleted' }
    }
    if (member.role === 'DI' || member.role === 'NO') return { ok: false, reason: 'deactivated' }
    const networks = repos.serviceAccounts.get(user.id)?.allowed_networks ?? null
    if (source !== undefined && !networkAllows(networks, source)) {
      return { ok: false, reason: 'network' }
    }
    const principal: Principal = {
      userId: user.id,
      organizationId: row.organization_id,
      tokenId: row.id,
      tokenKind: row.kind,
      tokenDisplay: row.display,
      graceUntil: null,
      role: member.role,
      kind: user.kind,
      email: user.email,
    }
    return { ok: true, principal }
  }

  /** A sign-in attempt's account, when it is a service account (the refusal names it). */
  function serviceAccountByEmail(email: string) {
    const user = repos.users.byEmail(email)
    return user?.kind === 'service' ? { id: user.id, email: user.email } : undefined
  }

  return { issuePat, reset, recheckPat, serviceAccountByEmail }
}
export type OwnTokensService = ReturnType<typeof ownTokensService>
