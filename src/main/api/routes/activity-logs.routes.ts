import { z } from 'zod'
import { HTTP_METHODS } from '../../../shared/contracts/activity.contract'
import type { ActivityRow } from '../../db/repos/activity.repo'
import type { ActivityFilter } from '../../engine/activity/query-sql'
import { badRequest } from '../errors'
import { pageOf, pageSizeOf } from '../pagination'
import { callerOf } from '../permissions'
import { ActivityLogPage, PageQuery, QueryText } from '../schemas'
import type { RouteModule } from './types'

/** Label Studio's ActivityLog item; admin actions carry their action in `request_url`. */
function toActivityLog(r: ActivityRow) {
  let details: unknown = null
  try {
    details = r.details === null ? null : JSON.parse(r.details)
  } catch {
    details = r.details
  }
  return {
    id: r.id,
    datetime: new Date(r.ts).toISOString(),
    duration: r.duration_ms === null ? null : Math.round(r.duration_ms),
    email: r.actor_email ?? '',
    extra_data: {
      kind: r.kind,
      action: r.action,
      target_user_id: r.target_user_id,
      token_id: r.token_id,
      workspace_id: r.workspace_id,
      details,
    },
    http_referer: '',
    ip_address: r.ip,
    organization_id: r.organization_id,
    project_id: r.project_id,
    request_method: r.method ?? '',
    request_url: r.url ?? (r.action ? `admin:${r.action}` : ''),
    response_code: r.status === null ? '' : String(r.status),
    user_agent: r.user_agent ?? '',
    user_id: r.actor_id ?? 0,
    user_session: null,
    // Tessera records the workspace itself (extra_data.workspace_id), not its owner.
    workspace_owner_id: null,
  }
}

const LogQuery = z.looseObject({
  ...PageQuery,
  start: QueryText,
  length: QueryText,
  user: QueryText,
  project: QueryText,
  workspace: QueryText,
  method: QueryText,
  start_date: QueryText,
  end_date: QueryText,
  search: QueryText,
})
type Query = z.infer<typeof LogQuery>

function intParam(q: Query, name: 'start' | 'user' | 'project' | 'workspace'): number | undefined {
  const v = q[name]
  if (v === undefined || v === '') return undefined
  if (!/^[0-9]{1,15}$/.test(String(v))) throw badRequest(`${name} must be a positive integer`, name)
  return Number(v)
}

function dateParam(q: Query, name: 'start_date' | 'end_date'): number | undefined {
  const v = q[name]
  if (v === undefined || v === '') return undefined
  const ms = Date.parse(String(v))
  if (!Number.isFinite(ms)) throw badRequest(`${name} must be an ISO-8601 date or date-time`, name)
  return ms
}

/** The query string of GET /api/activity-logs/ as an engine filter. */
function filterOf(q: Query): ActivityFilter {
  const method = q.method === undefined || q.method === '' ? 'ALL' : String(q.method).toUpperCase()
  if (method !== 'ALL' && !(HTTP_METHODS as readonly string[]).includes(method)) {
    throw badRequest(`method must be one of ${HTTP_METHODS.join(', ')} or all`, 'method')
  }
  const search = q.search === undefined ? undefined : String(q.search).slice(0, 500)
  const filter: ActivityFilter = {
    actorId: intParam(q, 'user'),
    projectId: intParam(q, 'project'),
    workspaceId: intParam(q, 'workspace'),
    method: method === 'ALL' ? undefined : method,
    from: dateParam(q, 'start_date'),
    to: dateParam(q, 'end_date'),
    search: search || undefined,
  }
  return Object.fromEntries(
    Object.entries(filter).filter(([, v]) => v !== undefined),
  ) as ActivityFilter
}

/** Entries per answer, whatever is asked: a page of 1,000 is read and sent in a few ms. */
export const ACTIVITY_MAX_PAGE = 1000
const ACTIVITY_PAGING = { size: 100, max: ACTIVITY_MAX_PAGE, minusOne: true }

/**
 * GET /api/activity-logs/ as Label Studio Enterprise answers it: `{recordsTotal,
 * recordsFiltered, data}`, newest first, `page`/`page_size` (or DataTables' `start`/`length`).
 * `page_size=-1` or `length=-1` (Label Studio's "everything") and any size over the maximum
 * give one page of ACTIVITY_MAX_PAGE; `recordsFiltered` stays the full count, so a client
 * reads the rest with further pages. OW/AD only. `user` is the actor; `workspace` an id.
 */
export const activityLogsRoutes: RouteModule = (app, { engine }) => {
  app.get(
    '/api/activity-logs',
    {
      config: { summary: 'Activity log (Label Studio compatible; at most 1000 per page)' },
      schema: { querystring: LogQuery, response: { 200: ActivityLogPage } },
    },
    async (request) => {
      const p = callerOf(request)
      const q = request.query
      const filter = filterOf(q)
      const log = engine.activityLog
      const recordsTotal = log.total(p)
      const recordsFiltered = log.count(p, filter, Number.MAX_SAFE_INTEGER).count
      const start = intParam(q, 'start')
      const paging =
        q.page_size === undefined && q.length !== undefined
          ? { page: 1, pageSize: pageSizeOf(q.length, 'length', ACTIVITY_PAGING) }
          : pageOf(request, ACTIVITY_PAGING)
      const offset = start ?? (paging.page - 1) * paging.pageSize
      const data = log.offsetPage(p, filter, offset, paging.pageSize).map(toActivityLog)
      return { recordsTotal, recordsFiltered, data }
    },
  )
}
