import type { FastifyInstance } from 'fastify'
import {
  SESSION_EXPIRED_MESSAGE,
  TOTP_ENROLMENT_CHANNELS,
  TOTP_ENROLMENT_REQUIRED_MESSAGE,
} from '../../../shared/auth'
import { FILE_PATH_REFUSAL, filePathKeyIn } from '../../../shared/file-paths'
import { sessionOf, type AdminHttpContext } from './context'
import { refuse } from './guards'
import { clearSessionCookie, csrfMatches, readSessionToken } from './session-cookie'

export const RPC_BODY_LIMIT = 1024 * 1024

/**
 * `POST /rpc/<channel>`: the same dispatcher as the desktop IPC, acting as the signed-in admin.
 * Every outcome the dispatcher produces is HTTP 200 with the Result envelope; only transport
 * refusals (no session, CSRF) use other statuses.
 */
export function rpcRoutes(app: FastifyInstance, ctx: AdminHttpContext): void {
  app.post<{ Params: { channel: string } }>(
    '/rpc/:channel',
    { bodyLimit: RPC_BODY_LIMIT },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store')
      const session = sessionOf(ctx, request)
      if (!session) {
        if (readSessionToken(request, ctx.cookieName))
          clearSessionCookie(reply, ctx.cookieName, ctx.secure)
        return refuse(reply, 401, 'UNAUTHENTICATED', SESSION_EXPIRED_MESSAGE)
      }
      if (!csrfMatches(request, session.csrfToken)) {
        return refuse(reply, 403, 'FORBIDDEN', 'Missing or invalid CSRF token; reload the page')
      }
      // Until the required second factor is set up, the session may only set it up.
      const channel = request.params.channel
      if (
        session.totpEnrolmentRequired &&
        !(TOTP_ENROLMENT_CHANNELS as readonly string[]).includes(channel)
      ) {
        return refuse(reply, 403, 'FORBIDDEN', TOTP_ENROLMENT_REQUIRED_MESSAGE, {
          totpEnrolmentRequired: true,
        })
      }
      // The renderer sends `{}` for operations without input; `null` means the same.
      const input = request.body ?? undefined
      // A browser never names a file on the server's disk: files it wants are downloads.
      const pathKey = filePathKeyIn(input)
      if (pathKey) return refuse(reply, 403, 'FORBIDDEN', FILE_PATH_REFUSAL, { field: pathKey })
      return ctx.dispatch(request.params.channel, input, {
        engine: ctx.engine,
        actor: { userId: session.user.id, organizationId: session.organizationId },
        sessionId: session.sessionId,
        apiUrl: ctx.apiUrl,
      })
    },
  )
}
