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

  const recheck = (tokenId: number, source?: string): VerifyResult =>
    engine.ownTokens.recheckPat(tokenId, source)

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
    async verifyAccess(jwt: string, source?: string): Promise<VerifyResult> {
      try {
        const { payload } = await jwtVerify(jwt, key, { algorithms: ['HS256'] })
        if (payload.token_type !== 'access' || typeof payload.tid !== 'number') {
          return { ok: false, reason: 'malformed' }
        }
        return recheck(payload.tid, source)
      } catch (err) {
        const code = (err as { code?: string }).code
        return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'unknown' }
      }
    },
  }
}
export type AccessTokens = ReturnType<typeof accessTokens>
