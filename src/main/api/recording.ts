import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Engine } from '../engine/engine'
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
 * Whether the REST API answers for this request (and so authenticates and records it). Routes
 * that other code adds on the same server (serve mode's admin UI: /rpc, /auth, static files)
 * keep their own sign-in and records; requests that match no route at all are ours (404).
 * Decided on what the router matched and on the normalised path, never on the raw spelling:
 * `/%61pi/projects/` or an absolute-form request line reach the same handlers as
 * `/api/projects/`, so they must be authenticated and recorded the same way.
 */
export function ownsRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions?.url
  if (route === undefined || API_PATH.test(route)) return true
  return API_PATH.test(normalisedPath(request.url))
}

/**
 * Writes one activity entry per request in onSend, i.e. after the handler and before any byte
 * of the response leaves: the append commits synchronously, so a response the client saw always
 * has its entry on disk. onResponse would run after sending and could lose entries on a crash.
 */
export function registerRecording(app: FastifyInstance, engine: Engine, log: (e: unknown) => void) {
  const fallbackOrg = () => engine.repos.organizations.first()?.id ?? 0

  function record(request: FastifyRequest, reply: FastifyReply) {
    const s = request.tessera
    const p = s.principal
    const ua = request.headers['user-agent']
    const details: Record<string, unknown> = { ...s.details }
    if (s.authFailure) details.auth_failure = s.authFailure
    const route = request.routeOptions?.url
    if (route) details.route = route
    // Group commit: resolves once this entry (and those of concurrent requests) is committed.
    return engine.activity.apiBatched({
      organization_id: p?.organizationId ?? fallbackOrg(),
      actor_id: p?.userId ?? s.actorId,
      actor_email: p?.email ?? s.actorEmail,
      token_id: p?.tokenId ?? null,
      ip: request.ip,
      user_agent: typeof ua === 'string' ? ua.slice(0, 256) : null,
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      duration_ms: Number(process.hrtime.bigint() - s.startedAt) / 1e6,
      project_id: s.projectId,
      workspace_id: s.workspaceId,
      details: Object.keys(details).length ? JSON.stringify(details) : null,
    })
  }

  app.addHook('onSend', async (request, reply, payload) => {
    if (!ownsRequest(request)) return payload
    try {
      await record(request, reply)
    } catch (err) {
      // The entry could not be made durable: do not answer as if it had been.
      log(err)
      reply.code(503)
      reply.header('content-type', 'application/json; charset=utf-8')
      return JSON.stringify({ detail: 'The activity log is unavailable; request not answered.' })
    }
    return payload
  })
  return { record }
}
