import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { CREDENTIAL_LOCKED, GUESS_REASONS, failureGate } from '../auth'
import { networkRefusal } from '../../engine/tokens.service'
import { ApiError } from '../errors'
import { callerOf } from '../permissions'
import { PersonalToken } from '../schemas'
import { iso } from '../serializers'
import type { RouteModule } from './types'

export const SERVICE_ACCOUNT_SIGN_IN_REFUSED = 'Service accounts cannot sign in; use the API token'

const Login = z.object({ email: z.string().min(1).max(254), password: z.string().max(1024) })
const Refresh = z.object({ refresh: z.string().min(1).max(4096) })

function lockedOut(request: FastifyRequest, wait: number, detail: string): ApiError {
  request.tessera.details.lockout = true
  return new ApiError(429, detail, undefined, { 'Retry-After': String(wait) })
}

export const authRoutes: RouteModule = (app, { engine, accessTokens, limits }) => {
  // Label Studio's login form posts urlencoded fields; parse them so the refusal is precise.
  // Only routes that say so read a form: everywhere else it is a 415, so no body ever reaches a
  // handler in a shape its validation was not written for.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      if (request.routeOptions.config?.form !== true) {
        done(new ApiError(415, 'Unsupported media type; send application/json.'), undefined)
        return
      }
      done(null, Object.fromEntries(new URLSearchParams(String(body))))
    },
  )

  app.post(
    '/user/login',
    {
      config: { public: true, form: true, summary: 'Sign-in form (refuses service accounts)' },
      schema: { body: Login },
    },
    async (request) => {
      const { email } = request.body
      const user = engine.ownTokens.serviceAccountByEmail(email.trim())
      if (user) {
        // Recorded like every request; the entry names the account that tried.
        request.tessera.actorId = user.id
        request.tessera.actorEmail = user.email
        request.tessera.details.event = 'sign_in_refused'
        request.tessera.details.reason = 'service_account'
        throw new ApiError(403, SERVICE_ACCOUNT_SIGN_IN_REFUSED)
      }
      request.tessera.details.event = 'sign_in_refused'
      // People sign in to the admin UI at /auth/login (serve mode); this API opens no sessions.
      throw new ApiError(
        401,
        'This API does not open sessions. People sign in to the admin UI at /auth/login; scripts use an API token.',
      )
    },
  )

  app.post(
    '/api/token/refresh',
    {
      config: { public: true, summary: 'Exchange a personal access token for an access token' },
      schema: { body: Refresh, response: { 200: z.object({ access: z.string() }) } },
    },
    async (request) => {
      const { refresh } = request.body
      // A guessing surface like the other credentials, with the same lockout: per presented
      // token and per non-loopback address, never refusing a refresh token that verifies.
      const gate = failureGate(limits, request.ip, refresh)
      const repeated = gate.credentialBlocked()
      if (repeated !== null) throw lockedOut(request, repeated, CREDENTIAL_LOCKED)
      const result = engine.tokens.verify(refresh, request.ip)
      if (!result.ok && result.reason === 'network') {
        request.tessera.authFailure = result.reason
        request.tessera.details.source = request.ip
        throw new ApiError(403, networkRefusal(request.ip))
      }
      if (!result.ok || result.principal.tokenKind !== 'pat') {
        if (!result.ok) request.tessera.authFailure = result.reason
        // A real token of another kind (an API key) is a client mistake, not a guess.
        if (!result.ok && GUESS_REASONS.has(result.reason)) {
          const locked = gate.lockedAfterFailure()
          if (locked !== null) throw lockedOut(request, locked.wait, locked.detail)
          gate.charge()
        }
        throw new ApiError(401, 'Token is invalid or expired')
      }
      request.tessera.principal = result.principal
      return { access: await accessTokens.issue(result.principal) }
    },
  )

  app.post(
    '/api/token',
    {
      config: { summary: 'Create a personal access token (when the organization allows them)' },
      schema: { response: { 201: PersonalToken } },
    },
    async (request, reply) => {
      const issued = engine.ownTokens.issuePat(callerOf(request))
      return reply.code(201).send({
        token: issued.token,
        created_at: iso(issued.createdAt),
        expires_at: iso(issued.expiresAt),
      })
    },
  )
}
