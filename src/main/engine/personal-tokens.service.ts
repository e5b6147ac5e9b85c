import { apiTokensRepo } from '../db/repos/api-tokens.repo'
import { organizationsRepo } from '../db/repos/organizations.repo'
import type { Actor, EngineDeps } from './deps'

export interface PersonalTokenListing {
  /** What the list shows of a token: Tessera's masked form (Label Studio shows a JWT cut short). */
  token: string
  created_at: number
  expires_at: number | null
}

/**
 * The caller's personal access tokens as Label Studio's LSAPITokenView lists them: only its
 * own, live ones (not revoked, not expired), never the secret itself. Label Studio lists them
 * whether or not the organization currently allows personal access tokens (the setting decides
 * whether they authenticate), and so does this.
 */
export function personalTokensService(deps: EngineDeps) {
  const tokens = apiTokensRepo(deps.db)
  const organizations = organizationsRepo(deps.db)
  return {
    list(c: Actor): PersonalTokenListing[] {
      const now = deps.now()
      return tokens
        .live(c.userId)
        .filter((t) => t.kind === 'pat' && t.organization_id === c.organizationId)
        .filter((t) => t.expires_at === null || t.expires_at > now)
        .sort((a, b) => a.id - b.id)
        .map((t) => ({ token: t.display, created_at: t.created_at, expires_at: t.expires_at }))
    },
    /** Whether the organization lets its members use personal access tokens. */
    enabled: (organizationId: number) => organizations.get(organizationId)?.pats_enabled === 1,
  }
}
export type PersonalTokensService = ReturnType<typeof personalTokensService>
