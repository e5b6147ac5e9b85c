import type { Db } from '../../db/open'
import type { IdRange } from './api-rollup'

/**
 * Read-only aggregate statements of the performance report. Each comes in a member and an
 * organization form (rather than `@user IS NULL OR …`) so SQLite can pick the member index.
 * `@projects` is a JSON array of project ids, or NULL for "every project".
 */
export interface Scope {
  org: number
  from: number
  to: number
  /** The caller's offset from UTC in ms; local day = (ts + off) / day. */
  off: number
  user: number | null
  projects: string | null
}

export interface AnnotationDayRow {
  day: number
  was_cancelled: 0 | 1
  action: 'accepted' | 'rejected' | 'fixed_accepted' | null
  n: number
  lead_sum: number
  lead_n: number
  score_sum: number
  score_n: number
}

export interface CountDayRow {
  day: number
  submitted: number
  skipped: number
  lead_sum: number
  lead_n: number
}

export interface OutcomeDayRow {
  day: number
  action: 'accepted' | 'rejected' | 'fixed_accepted'
  n: number
  score_sum: number
  score_n: number
}

export interface ReviewDayRow {
  day: number
  action: 'accepted' | 'rejected' | 'fixed_accepted'
  n: number
  lead_sum: number
  lead_n: number
}

export interface ApiRawRow {
  ts: number
  method: string | null
  url: string | null
  status: number | null
  duration_ms: number | null
}

export interface HourlyRow {
  day: number
  endpoint: string
  method: string
  requests: number
  s2xx: number
  s3xx: number
  s4xx: number
  s5xx: number
  imports: number
}

const DAY = 86_400_000
const PROJECT = (col: string) =>
  `(@projects IS NULL OR ${col} IN (SELECT value FROM json_each(@projects)))`

// The latest review decides an annotation's outcome; its score is the mean of its reviews'
// scores (accept 1, reject 0, fix+accept = agreement; a fix with unknown agreement is unscored).
const ANNOTATIONS = (who: string) => `
SELECT day, was_cancelled, action, count(*) AS n, total(lead_time) AS lead_sum, count(lead_time) AS lead_n,
  total(score) AS score_sum, count(score) AS score_n
FROM (
  SELECT (a.created_at + CAST(@off AS INTEGER)) / ${DAY} AS day, a.was_cancelled, a.lead_time,
    CASE WHEN a.was_cancelled = 0 THEN (SELECT r.action FROM reviews r WHERE r.annotation_id = a.id
      ORDER BY r.created_at DESC, r.id DESC LIMIT 1) END AS action,
    CASE WHEN a.was_cancelled = 0 THEN (SELECT avg(CASE r.action WHEN 'accepted' THEN 1.0
      WHEN 'rejected' THEN 0.0 ELSE r.agreement END) FROM reviews r WHERE r.annotation_id = a.id) END AS score
  FROM annotations a
  WHERE ${who} AND a.organization_id = @org AND a.created_at >= @from AND a.created_at < @to
    AND ${PROJECT('a.project_id')}
)
GROUP BY day, was_cancelled, action`

// Organization-wide outcomes: one trigger-kept row per reviewed annotation (its latest
// review's action and its mean score), read from one covering index range.
const OUTCOMES = `
SELECT (created_at + CAST(@off AS INTEGER)) / ${DAY} AS day, action, count(*) AS n,
  total(score) AS score_sum, count(score) AS score_n
FROM perf_ann_outcome
WHERE organization_id = @org AND created_at >= @from AND created_at < @to AND was_cancelled = 0
  AND ${PROJECT('project_id')}
GROUP BY day, action`

const COUNTS = `
SELECT (created_at + CAST(@off AS INTEGER)) / ${DAY} AS day, sum(was_cancelled = 0) AS submitted,
  sum(was_cancelled) AS skipped, total(lead_time) AS lead_sum, count(lead_time) AS lead_n
FROM annotations WHERE organization_id = @org AND created_at >= @from AND created_at < @to
  AND ${PROJECT('project_id')}
GROUP BY day`

const HOURS = `
SELECT (hour * 3600000 + CAST(@off AS INTEGER)) / ${DAY} AS day, sum(submitted) AS submitted,
  sum(skipped) AS skipped, total(lead_sum) AS lead_sum, sum(lead_n) AS lead_n
FROM perf_ann_hourly WHERE organization_id = @org AND hour >= @h0 AND hour < @h1
  AND ${PROJECT('project_id')}
GROUP BY day`

const REVIEWS = (who: string) => `
SELECT (created_at + CAST(@off AS INTEGER)) / ${DAY} AS day, action, count(*) AS n, total(lead_time) AS lead_sum, count(lead_time) AS lead_n
FROM reviews
WHERE ${who} AND created_at >= @from AND created_at < @to AND ${PROJECT('project_id')}
GROUP BY day, action`

const LEAD_TIMES = (who: string) => `
SELECT lead_time FROM annotations a
WHERE ${who} AND a.organization_id = @org AND a.created_at >= @from AND a.created_at < @to
  AND a.lead_time IS NOT NULL AND ${PROJECT('a.project_id')}
ORDER BY lead_time`

const PREDICTIONS = (who: string) => `
SELECT count(*) AS n FROM predictions pr JOIN projects p ON p.id = pr.project_id
WHERE ${who} AND p.organization_id = @org AND pr.created_at >= @from AND pr.created_at < @to
  AND ${PROJECT('pr.project_id')}`

// Raw API entries, for range edges shorter than an hour and for filtered reports.
const API_RAW = (who: string) => `
SELECT ts, method, url, status, duration_ms FROM activity_entries
WHERE ${who} AND organization_id = @org AND kind = 'api' AND ts >= @from AND ts < @to
  AND (@projects IS NULL OR project_id IN (SELECT value FROM json_each(@projects))
       OR workspace_id IN (SELECT value FROM json_each(@workspaces)))`

// API entries of whole hours that the roll-ups do not hold yet (ids in (@after, @upTo]). A
// short id range is read by id; a long one (the gap of a catch-up) through the time or
// member index, checking the id on the index entry — the unary plus keeps the planner on it.
const API_UNROLLED_BY_ID = (who: string) => `
SELECT ts, method, url, status, duration_ms FROM activity_entries
WHERE id > @after AND id <= @upTo AND ${who} AND organization_id = @org AND +kind = 'api'
  AND +ts >= @from AND +ts < @to`

const API_UNROLLED_BY_TIME = (who: string) => `
SELECT ts, method, url, status, duration_ms FROM activity_entries
WHERE ${who} AND organization_id = @org AND kind = 'api' AND ts >= @from AND ts < @to
  AND +id > @after AND +id <= @upTo`

/** The readers of not-yet-rolled-up ranges (member and organization forms), for query-plan tests. */
export const unrolledReads = {
  byId: { member: API_UNROLLED_BY_ID('+actor_id = @user'), org: API_UNROLLED_BY_ID('1') },
  byTime: { member: API_UNROLLED_BY_TIME('actor_id = @user'), org: API_UNROLLED_BY_TIME('1') },
}

/** Above this many ids an unrolled range is read through the time index instead of by id. */
const BY_ID_LIMIT = 20_000

const DURATIONS = (who: string) => `
SELECT duration_ms FROM activity_entries
WHERE ${who} AND organization_id = @org AND kind = 'api' AND ts >= @from AND ts < @to
  AND duration_ms IS NOT NULL ORDER BY duration_ms`

export function performanceRepo(db: Db) {
  const both = <R>(sql: (who: string) => string, member: string, org: string) => ({
    member: db.prepare<Record<string, unknown>, R>(sql(member)),
    org: db.prepare<Record<string, unknown>, R>(sql(org)),
  })
  const pick = <R>(
    s: { member: ReturnType<Db['prepare']>; org: ReturnType<Db['prepare']> },
    scope: Scope,
  ) =>
    (scope.user === null ? s.org : s.member) as unknown as {
      all(p: object): R[]
      get(p: object): R | undefined
    }

  const annotations = both<AnnotationDayRow>(ANNOTATIONS, 'a.completed_by = @user', '1')
  const reviews = both<ReviewDayRow>(
    REVIEWS,
    'reviewer_id = @user AND organization_id = @org',
    'organization_id = @org',
  )
  const leadTimes = both<number>(LEAD_TIMES, 'a.completed_by = @user', '1')
  const predictions = both<{ n: number }>(PREDICTIONS, 'pr.created_by = @user', '1')
  const apiRaw = both<ApiRawRow>(API_RAW, 'actor_id = @user', '1')
  const durations = both<number>(DURATIONS, 'actor_id = @user', '1')
  const prepared = <R>(s: { member: string; org: string }) => ({
    member: db.prepare<Record<string, unknown>, R>(s.member),
    org: db.prepare<Record<string, unknown>, R>(s.org),
  })
  const unrolledById = prepared<ApiRawRow>(unrolledReads.byId)
  const unrolledByTime = prepared<ApiRawRow>(unrolledReads.byTime)
  const outcomes = db.prepare<[object], OutcomeDayRow>(OUTCOMES)
  const counts = db.prepare<[object], CountDayRow>(COUNTS)
  const hours = db.prepare<[object], CountDayRow>(HOURS)
  const leadHist = db.prepare<Record<string, unknown>, { bucket: number; n: number }>(
    `SELECT bucket, sum(n) AS n FROM perf_ann_lead_hourly
     WHERE organization_id = @org AND hour >= @h0 AND hour < @h1 GROUP BY bucket`,
  )
  const hourly = db.prepare<Record<string, unknown>, HourlyRow>(
    `SELECT (hour * 3600000 + CAST(@off AS INTEGER)) / ${DAY} AS day, endpoint, method, sum(requests) AS requests,
       sum(s2xx) AS s2xx, sum(s3xx) AS s3xx, sum(s4xx) AS s4xx, sum(s5xx) AS s5xx, sum(imports) AS imports
     FROM perf_api_hourly WHERE organization_id = @org AND actor_id = @actor AND hour >= @h0 AND hour < @h1
     GROUP BY day, endpoint, method`,
  )
  const latency = db.prepare<Record<string, unknown>, { bucket: number; n: number }>(
    `SELECT bucket, sum(n) AS n FROM perf_api_latency_hourly
     WHERE organization_id = @org AND actor_id = @actor AND hour >= @h0 AND hour < @h1 GROUP BY bucket`,
  )
  const lastActiveMember = db.prepare<[number], { ts: number | null }>(
    `SELECT max(ts) AS ts FROM activity_entries WHERE actor_id = ?`,
  )
  const lastActiveOrg = db.prepare<[number], { ts: number | null }>(
    `SELECT max(ts) AS ts FROM activity_entries WHERE kind = 'api' AND organization_id = ?`,
  )
  const userLastActivity = db.prepare<[number], { last_activity: number | null }>(
    'SELECT last_activity FROM users WHERE id = ?',
  )
  const tokenMember = db.prepare<[number], { display: string; last_used_at: number | null }>(
    `SELECT display, last_used_at FROM api_tokens WHERE user_id = ? AND last_used_at IS NOT NULL
     ORDER BY last_used_at DESC, id DESC LIMIT 1`,
  )
  const tokenOrg = db.prepare<[number], { display: string; last_used_at: number | null }>(
    `SELECT display, last_used_at FROM api_tokens WHERE organization_id = ? AND last_used_at IS NOT NULL
     ORDER BY last_used_at DESC, id DESC LIMIT 1`,
  )
  const projectsOf = db.prepare<[number, string], { id: number }>(
    `SELECT id FROM projects WHERE organization_id = ? AND workspace_id IN (SELECT value FROM json_each(?))`,
  )
  const subject = db.prepare<
    [number, number],
    {
      id: number
      email: string
      username: string
      first_name: string
      last_name: string
      kind: string
      sa_name: string | null
    }
  >(
    `SELECT u.id, u.email, u.username, u.first_name, u.last_name, u.kind, sa.name AS sa_name
     FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN service_accounts sa ON sa.user_id = u.id
     WHERE m.organization_id = ? AND m.user_id = ?`,
  )
  const orgTitle = db.prepare<[number], { title: string }>(
    'SELECT title FROM organizations WHERE id = ?',
  )

  return {
    annotations: (s: Scope) => pick<AnnotationDayRow>(annotations, s).all(s),
    outcomes: (s: Scope) => outcomes.all(s),
    annotationCounts: (s: Scope) => counts.all(s),
    annotationHours: (s: Scope & { h0: number; h1: number }) => hours.all(s),
    leadHistogram: (p: { org: number; h0: number; h1: number }) => leadHist.all(p),
    reviews: (s: Scope) => pick<ReviewDayRow>(reviews, s).all(s),
    leadTimes: (s: Scope): number[] =>
      (scopeStmt(leadTimes, s) as unknown as { pluck(): { all(p: object): number[] } })
        .pluck()
        .all(s),
    predictions: (s: Scope) => pick<{ n: number }>(predictions, s).get(s)?.n ?? 0,
    apiRaw: (s: Scope, workspaces: string | null) =>
      pick<ApiRawRow>(apiRaw, s).all({ ...s, workspaces: workspaces ?? '[]' }),
    apiUnrolled(s: Scope, ids: IdRange): ApiRawRow[] {
      // Nothing of the range is that recent: its entries all lie before this report's window.
      const to = Math.min(s.to, (ids.maxTs ?? Number.MAX_SAFE_INTEGER - 1) + 1)
      if (to <= s.from) return []
      const short = ids.upTo - ids.after <= BY_ID_LIMIT
      return pick<ApiRawRow>(short ? unrolledById : unrolledByTime, s).all({
        org: s.org,
        user: s.user,
        from: s.from,
        to,
        after: ids.after,
        upTo: ids.upTo,
      })
    },
    durations: (s: Scope): number[] =>
      (scopeStmt(durations, s) as unknown as { pluck(): { all(p: object): number[] } })
        .pluck()
        .all({
          org: s.org,
          from: s.from,
          to: s.to,
          user: s.user,
        }),
    hourly: (p: { org: number; actor: number; h0: number; h1: number; off: number }) =>
      hourly.all(p),
    latency: (p: { org: number; actor: number; h0: number; h1: number }) => latency.all(p),
    lastActive(org: number, user: number | null): number | null {
      if (user === null) return lastActiveOrg.get(org)?.ts ?? null
      const a = lastActiveMember.get(user)?.ts ?? null
      const b = userLastActivity.get(user)?.last_activity ?? null
      return a === null ? b : b === null ? a : Math.max(a, b)
    },
    lastToken: (org: number, user: number | null) =>
      (user === null ? tokenOrg.get(org) : tokenMember.get(user)) ?? null,
    projectsOfWorkspaces: (org: number, workspaceIds: number[]) =>
      projectsOf.all(org, JSON.stringify(workspaceIds)).map((r) => r.id),
    subject: (org: number, user: number) => subject.get(org, user),
    orgTitle: (org: number) => orgTitle.get(org)?.title ?? 'Organization',
  }

  function scopeStmt(
    s: { member: ReturnType<Db['prepare']>; org: ReturnType<Db['prepare']> },
    scope: Scope,
  ) {
    return scope.user === null ? s.org : s.member
  }
}
export type PerformanceRepo = ReturnType<typeof performanceRepo>
