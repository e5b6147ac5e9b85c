import { randomBytes } from 'node:crypto'
import { SignJWT, jwtVerify } from 'jose'
import type { Engine } from '../engine/engine'
import type { Principal, VerifyResult } from '../engine/tokens.service'

export const ACCESS_TOKEN_TTL_SECONDS = 300

/**
 * Label Studio's personal-access-token flow: the PAT is a refresh credential exchanged at
 * `/api/token/refresh/` for a short-lived access JWT. The signing key lives only in this
 * process, so a restart invalidates every access token (clients just refresh again). Each use
 * re-reads the PAT row, so revoking the PAT or disabling PATs cuts access tokens off at once.
 */
export function accessTokens(engine: Engine) {
  const key = randomBytes(32)

  function recheck(tokenId: number): VerifyResult {
    const { repos } = engine
    const row = repos.apiTokens.get(tokenId)
    if (!row || row.kind !== 'pat') return { ok: false, reason: 'unknown' }
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' }
    const org = repos.organizations.get(row.organization_id)
    if (!org) return { ok: false, reason: 'unknown' }
    if (row.expires_at !== null && engine.deps.now() >= row.expires_at) {
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
    const principal: Principal = {
      userId: user.id,
      organizationId: row.organization_id,
      tokenId: row.id,
      tokenKind: row.kind,
      role: member.role,
      kind: user.kind,
      email: user.email,
    }
    return { ok: true, principal }
  }

  return {
    /** Signs an access token for a verified PAT. */
    async issue(principal: Principal): Promise<string> {
      return new SignJWT({ token_type: 'access', tid: principal.tokenId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(principal.userId))
        .setIssuedAt()
        .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
        .sign(key)
    },
    async verifyAccess(jwt: string): Promise<VerifyResult> {
      try {
        const { payload } = await jwtVerify(jwt, key, { algorithms: ['HS256'] })
        if (payload.token_type !== 'access' || typeof payload.tid !== 'number') {
          return { ok: false, reason: 'malformed' }
        }
        return recheck(payload.tid)
      } catch (err) {
        const code = (err as { code?: string }).code
        return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'unknown' }
      }
    },
  }
}
export type AccessTokens = ReturnType<typeof accessTokens>
