import { z } from 'zod'
import { callerOf } from '../permissions'
import { PersonalToken } from '../schemas'
import type { RouteModule } from './types'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/**
 * GET /api/token/: Label Studio's LSAPITokenView list. The caller's own live personal access
 * tokens, oldest first, as `[{token, created_at, expires_at}]`, the secret never shown (Label
 * Studio shows the token's JWT without its signature; Tessera its masked form). Listed whether
 * or not the organization allows personal access tokens now, as Label Studio's view does: the
 * setting decides whether they authenticate, not whether their owner may see them. `ordering`
 * is accepted and ignored, as there.
 */
export const tokensRoutes: RouteModule = (app, { engine }) => {
  app.get(
    '/api/token',
    {
      config: { summary: 'List my personal access tokens' },
      schema: {
        querystring: z.looseObject({ ordering: z.string().optional() }),
        response: { 200: z.array(PersonalToken) },
      },
    },
    async (request) => {
      const p = callerOf(request)
      return engine.personalTokens
        .list({ userId: p.userId, organizationId: p.organizationId })
        .map((t) => ({
          token: t.token,
          created_at: iso(t.created_at),
          expires_at: iso(t.expires_at),
        }))
    },
  )
}
