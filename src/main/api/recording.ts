import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BudgetFullError } from '../engine/activity/budget'
import type { RefusalReason } from '../engine/activity/refusals'
import type { Engine } from '../engine/engine'
import { extractCredential } from './auth'
import { errorBody } from './errors'
import { redactUrl } from './redaction'

export { URL_MAX, redactUrl } from './redaction'

export const API_PATH = /^\/(api(\/|$|\?)|health(\/|$|\?)|user\/)/

const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i
const UNRESERVED = /[A-Za-z0-9._~-]/

/**
 * The path the router sees, from the raw request target: an absolute-form origin
 * (`GET http://host/api/… HTTP/1.1`) stripped, the query and fragment cut, and percent-escapes
 * of unreserved characters decoded (`/%61pi/` is `/api/`). Other escapes stay as typed.
 */
export function normalisedPath(url: string): string {
  let path = url.replace(ORIGIN, '')
  const end = path.search(/[?#]/)
  if (end >= 0) path = path.slice(0, end)
  if (!path.startsWith('/')) path = `/${path}`
  return path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16))
    return UNRESERVED.test(c) ? c : escape
  })
}

/**
 * A short hash prefix of the credential a request presented ('none' without one): enough to
 * tell one guesser's token from another's in a summary, never enough to recover either.
 */
export function credentialFingerprint(request: FastifyRequest): string {
  const found = extractCredential(request)
  if ('failure' in found && found.failure === 'missing') return 'none'
  const presented = 'token' in found ? found.token : String(request.headers.authorization)
  return createHash('sha256').update(presented).digest('hex').slice(0, 12)
}

/**
 * `redactUrl`, remembering the URLs it found nothing secret in (a script polls the same few
 * URLs over and over). Only clean URLs are kept, so the memo never holds a credential; it is
 * bounded and simply starts again when full.
 */
function cleanUrlMemo(max = 4096, longest = 512) {
  const clean = new Set<string>()
  return (url: string): string => {
    if (clean.has(url)) return url
    const redacted = redactUrl(url)
    if (redacted === url && url.length <= longest) {
      if (clean.size >= max) clean.clear()
      clean.add(url)
    }
    return redacted
  }
}

/**
 * Whether this answer is a refusal to summarize rather than record one by one: a guard's or
 * authentication's refusal, or a 401/429 answered to nobody in particular (a refused token
 * refresh). Whatever is answered for an authenticated principal is recorded one by one.
 */
function refusalOf(request: FastifyRequest, status: number): RefusalReason | null {
  const s = request.tessera
  if (s.refusal) return s.refusal
  if (s.principal || s.actorId !== null) return null
  return status === 401 ? 'unauthenticated' : status === 429 ? 'throttled' : null
}

/**
 * Writes one activity entry per request in onSend, i.e. after the handler and before any byte
 * of the response leaves: the append commits synchronously, so a response the client saw always
 * has its entry on disk. onResponse would run after sending and could lose entries on a crash.
 * Refusals before authentication go through the summarizer: the first few per source, token
 * fingerprint, status and route each minute are entries like any other, the rest are counted
 * into one summary entry (written when the minute is over and when the server closes).
 */
export function registerRecording(app: FastifyInstance, engine: Engine, log: (e: unknown) => void) {
  const fallbackOrg = () => engine.organization.firstId()
  const loggedUrl = cleanUrlMemo()

  function entryOf(request: FastifyRequest, reply: FastifyReply) {
    const s = request.tessera
    const p = s.principal
    const owner = s.credentialOwner
    const ua = request.headers['user-agent']
    const details: Record<string, unknown> = { ...s.details }
    if (s.authFailure) details.auth_failure = s.authFailure
    if (s.refusal) details.refusal = s.refusal
    // Which token was used, by its display form: during a rotation's grace period both the
    // previous and the new token are in use, and the entry tells them apart.
    const token = p?.tokenDisplay ?? owner?.tokenDisplay
    if (token) details.token = token
    if (p?.graceUntil) details.token_previous_valid_until = new Date(p.graceUntil).toISOString()
    const route = request.routeOptions?.url
    if (route) details.route = route
    return {
      organization_id: p?.organizationId ?? owner?.organizationId ?? fallbackOrg(),
      actor_id: p?.userId ?? s.actorId ?? owner?.userId ?? null,
      actor_email: p?.email ?? s.actorEmail ?? owner?.email ?? null,
      token_id: p?.tokenId ?? owner?.tokenId ?? null,
      ip: request.ip,
      user_agent: typeof ua === 'string' ? ua.slice(0, 256) : null,
      method: request.method,
      url: loggedUrl(request.url),
      status: reply.statusCode,
      duration_ms: Number(process.hrtime.bigint() - s.startedAt) / 1e6,
      project_id: s.projectId,
      workspace_id: s.workspaceId,
      action: null,
      target_user_id: null,
      details: Object.keys(details).length ? JSON.stringify(details) : null,
    }
  }

  function record(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const reason = refusalOf(request, reply.statusCode)
    if (reason === null) {
      // Group commit: resolves once this entry (and those of concurrent requests) is committed.
      return engine.activity.apiBatched(entryOf(request, reply))
    }
    const p = request.tessera.principal
    const owner = request.tessera.credentialOwner
    const ua = request.headers['user-agent']
    return engine.activity.refused({
      organizationId: p?.organizationId ?? owner?.organizationId ?? fallbackOrg(),
      ip: request.ip,
      fingerprint: credentialFingerprint(request),
      status: reply.statusCode,
      method: request.method,
      route: (request.routeOptions?.url ?? normalisedPath(request.url)).slice(0, 100),
      reason,
      userAgent: typeof ua === 'string' ? ua.slice(0, 256) : null,
      actorId: p?.userId ?? owner?.userId ?? null,
      actorEmail: p?.email ?? owner?.email ?? null,
      tokenId: p?.tokenId ?? owner?.tokenId ?? null,
      entry: (ts) => ({ ...entryOf(request, reply), ts, kind: 'api' }),
    })
  }

  app.addHook('onSend', async (request, reply, payload) => {
    try {
      await record(request, reply)
    } catch (err) {
      // The entry could not be made durable: do not answer as if it had been.
      reply.code(503)
      reply.header('content-type', 'application/json; charset=utf-8')
      if (err instanceof BudgetFullError) {
        reply.header('retry-after', '60')
        return JSON.stringify(errorBody(503, err.message))
      }
      log(err)
      return JSON.stringify({ detail: 'The activity log is unavailable; request not answered.' })
    }
    return payload
  })
  // Counts not yet in a summary are written before the database closes.
  app.addHook('onClose', async () => {
    try {
      engine.activity.flushRefusals(true)
    } catch (err) {
      log(err)
    }
  })
  return { record }
}
