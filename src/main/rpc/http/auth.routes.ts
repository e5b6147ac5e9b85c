import type { FastifyInstance, FastifyReply } from 'fastify'
import {
  AcceptInvitationInput,
  InvitationLookup,
  LoginInput,
  SetupInput,
  type LoginValue,
  type SessionState,
} from '../../../shared/auth'
import type { InvitationRefusal } from '../../engine/auth/invitation-sign-in'
import { EngineError } from '../../engine/errors'
import { clientMeta, sessionOf, type AdminHttpContext } from './context'
import { isLoopbackPeer, refuse } from './guards'
import {
  clearSessionCookie,
  csrfMatches,
  readSessionToken,
  setSessionCookie,
} from './session-cookie'

const SMALL_BODY = 16 * 1024

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  const issue = error.issues[0]
  const field = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined
  return { message: issue?.message ?? 'Invalid input', details: field ? { field } : undefined }
}

function refuseInvitation(reply: FastifyReply, outcome: InvitationRefusal) {
  if (outcome.retryAfterMs) {
    const seconds = Math.ceil(outcome.retryAfterMs / 1000)
    reply.header('Retry-After', String(seconds))
    return refuse(reply, 429, 'UNAUTHENTICATED', outcome.message, { retryAfterSeconds: seconds })
  }
  return refuse(reply, 404, 'NOT_FOUND', outcome.message, { field: 'token' })
}

/** `/auth/*`: session state, first-run setup, invitations, sign-in and sign-out. */
export function authRoutes(app: FastifyInstance, ctx: AdminHttpContext): void {
  app.get('/auth/session', async (request, reply): Promise<SessionState> => {
    reply.header('Cache-Control', 'no-store')
    const session = sessionOf(ctx, request)
    if (!session && readSessionToken(request, ctx.cookieName)) {
      clearSessionCookie(reply, ctx.cookieName, ctx.secure)
    }
    return {
      setupRequired: ctx.engine.auth.setupRequired(),
      user: session?.user ?? null,
      csrfToken: session?.csrfToken ?? null,
      totpEnrolmentRequired: session?.totpEnrolmentRequired ?? false,
    }
  })

  app.post('/auth/setup', { bodyLimit: SMALL_BODY }, async (request, reply) => {
    // Whoever reaches setup first becomes the Owner, so only this machine may do it.
    if (!isLoopbackPeer(request)) {
      return refuse(
        reply,
        403,
        'FORBIDDEN',
        'First-run setup is only answered on this machine (127.0.0.1)',
      )
    }
    if (!ctx.engine.auth.setupRequired()) {
      return refuse(reply, 409, 'CONFLICT', 'Setup is already complete; sign in instead')
    }
    const parsed = SetupInput.safeParse(request.body)
    if (!parsed.success) {
      const { message, details } = firstIssue(parsed.error)
      return refuse(reply, 400, 'VALIDATION', message, details)
    }
    try {
      await ctx.engine.auth.setup(parsed.data)
    } catch (err) {
      if (err instanceof EngineError)
        return refuse(
          reply,
          err.code === 'CONFLICT' ? 409 : 400,
          err.code,
          err.message,
          err.details,
        )
      throw err
    }
    return { ok: true, value: { email: parsed.data.email } }
  })

  app.post('/auth/login', { bodyLimit: SMALL_BODY }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store')
    const parsed = LoginInput.safeParse(request.body)
    if (!parsed.success) {
      const { message, details } = firstIssue(parsed.error)
      return refuse(reply, 400, 'VALIDATION', message, details)
    }
    const outcome = await ctx.engine.auth.login(
      parsed.data.email,
      parsed.data.password,
      clientMeta(request),
      parsed.data.code || undefined,
    )
    if (!outcome.ok) {
      if (outcome.retryAfterMs)
        reply.header('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)))
      const code = outcome.status === 403 ? 'FORBIDDEN' : 'UNAUTHENTICATED'
      const details = outcome.retryAfterMs
        ? { retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000) }
        : outcome.reason === 'totp_required' || outcome.reason === 'invalid_code'
          ? { field: 'code', totpRequired: true }
          : { field: outcome.reason === 'invalid' ? 'password' : 'email' }
      return refuse(reply, outcome.status, code, outcome.message, details)
    }
    setSessionCookie(reply, ctx.cookieName, outcome.sessionToken, {
      secure: ctx.secure,
      maxAgeMs: ctx.engine.auth.absoluteMs,
    })
    const value: LoginValue = {
      user: outcome.session.user,
      csrfToken: outcome.session.csrfToken,
      totpEnrolmentRequired: outcome.session.totpEnrolmentRequired,
    }
    return { ok: true, value }
  })

  // The link's secret travels in the body, never in a URL a proxy would log.
  app.post('/auth/invitation', { bodyLimit: SMALL_BODY }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store')
    const parsed = InvitationLookup.safeParse(request.body)
    if (!parsed.success) {
      const { message, details } = firstIssue(parsed.error)
      return refuse(reply, 400, 'VALIDATION', message, details)
    }
    const outcome = ctx.engine.auth.invitation(parsed.data.token, clientMeta(request))
    return outcome.ok ? outcome : refuseInvitation(reply, outcome)
  })

  app.post('/auth/invitation/accept', { bodyLimit: SMALL_BODY }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store')
    const parsed = AcceptInvitationInput.safeParse(request.body)
    if (!parsed.success) {
      const { message, details } = firstIssue(parsed.error)
      return refuse(reply, 400, 'VALIDATION', message, details)
    }
    const outcome = await ctx.engine.auth.acceptInvitation(parsed.data, clientMeta(request))
    return outcome.ok ? outcome : refuseInvitation(reply, outcome)
  })

  app.post('/auth/logout', { bodyLimit: SMALL_BODY }, async (request, reply) => {
    const session = sessionOf(ctx, request, { touch: false })
    // Signing someone out is a state change too: a forged cross-site logout is refused.
    if (session && !csrfMatches(request, session.csrfToken)) {
      return refuse(reply, 403, 'FORBIDDEN', 'Missing or invalid CSRF token; reload the page')
    }
    ctx.engine.auth.logout(readSessionToken(request, ctx.cookieName), clientMeta(request))
    clearSessionCookie(reply, ctx.cookieName, ctx.secure)
    return { ok: true, value: null }
  })
}
