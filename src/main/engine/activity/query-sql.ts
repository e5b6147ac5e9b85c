import { likePattern, parseSearch } from './search-expression'

/** What the viewer, the export and the REST API can filter the log by. */
export interface ActivityFilter {
  /** One account's timeline: entries it made (actor) plus admin actions done to it (target). */
  userId?: number
  /** Only entries this user made (the REST API's `user`). */
  actorId?: number
  tokenId?: number
  projectId?: number
  workspaceId?: number
  method?: string
  /** 2, 3, 4 or 5: the first digit of the response code. */
  statusClass?: number
  kind?: 'api' | 'admin'
  /** Inclusive bounds, ms since the epoch. */
  from?: number
  to?: number
  /** URL keywords with AND/OR, see search-expression.ts. */
  search?: string
  /** Only summaries of refused requests (one entry per source, credential and minute). */
  summary?: boolean
}

/** Keyset position: the last entry seen, in the (ts DESC, id DESC) order. */
export interface Cursor {
  ts: number
  id: number
}

export interface Sql {
  text: string
  params: Record<string, unknown>
}

const ORDER = 'ORDER BY ts DESC, id DESC'

/**
 * Search through the URL index (search-index.ts) instead of LIKE over an index range: entries
 * with id ≤ `hwm` are found by the trigram `match` (a superset, re-checked by the same LIKE
 * terms), the not-yet-indexed entries above `hwm` by LIKE over that id range. The caller
 * chooses it when the index finds few candidates (activity-query.ts).
 */
export interface IndexedSearch {
  match: string
  hwm: number
}

/**
 * The WHERE terms every query shares, from fixed fragments only: user text travels in bound
 * parameters, never in the SQL. Each fragment matches an index of migration "activity-indexes"
 * column for column (`status / 100` included), so first pages are index range scans already in
 * (ts, id) order. The per-account user term is left to the caller, which either splits it
 * into two index branches (pages) or keeps it as one OR (counts, the tail).
 */
function commonTerms(orgId: number, f: ActivityFilter): Sql & { terms: string[] } {
  const terms = ['organization_id = @org']
  const params: Record<string, unknown> = { org: orgId }
  const add = (term: string, name: string, value: unknown) => {
    if (value === undefined || value === null) return
    terms.push(term)
    params[name] = value
  }
  add('actor_id = @actor', 'actor', f.actorId)
  add('token_id = @token', 'token', f.tokenId)
  add('project_id = @project', 'project', f.projectId)
  add('workspace_id = @workspace', 'workspace', f.workspaceId)
  add('method = @method', 'method', f.method)
  add('status / 100 = @statusClass', 'statusClass', f.statusClass)
  add('kind = @kind', 'kind', f.kind)
  add('ts >= @from', 'from', f.from)
  add('ts <= @to', 'to', f.to)
  // A literal, not a parameter: it must match the partial index over summaries to use it.
  if (f.summary) terms.push(`action = 'refusal.summary'`)
  const groups = parseSearch(f.search)
  if (groups.length) {
    let n = 0
    const ors = groups.map((group) => {
      const ands = group.map((term) => {
        const name = `k${n++}`
        params[name] = likePattern(term)
        return `url LIKE @${name} ESCAPE '\\'`
      })
      return `(${ands.join(' AND ')})`
    })
    terms.push(`(${ors.join(' OR ')})`)
  }
  return { text: '', terms, params }
}

const where = (terms: string[]) => terms.join(' AND ')

/**
 * The entries matching `terms`, from the index candidates plus the unindexed range. NOT INDEXED
 * keeps SQLite on rowid lookups of the few candidates (and a rowid range for the rest) rather
 * than a filter index it would walk in full, testing membership row by row.
 */
function indexedSource(terms: string[], params: Record<string, unknown>, index: IndexedSearch) {
  params.fts = index.match
  params.hwm = index.hwm
  const w = where(terms)
  return (
    'SELECT * FROM activity_entries NOT INDEXED WHERE id IN (SELECT rowid FROM activity_url_fts ' +
    `WHERE activity_url_fts MATCH @fts AND rowid <= @hwm) AND ${w} ` +
    `UNION ALL SELECT * FROM activity_entries NOT INDEXED WHERE id > @hwm AND ${w}`
  )
}

/**
 * One page, newest first, strictly after `cursor`. A per-account filter becomes a UNION ALL of
 * two branches (as actor; as target but not actor, so no entry appears twice), each an ordered
 * index range with its own LIMIT, merged: an OR would make SQLite sort every match first.
 */
export function pageSql(
  orgId: number,
  f: ActivityFilter,
  cursor: Cursor | null,
  limit: number,
  offset = 0,
  index?: IndexedSearch,
): Sql {
  const { terms, params } = index ? withUserOr(orgId, f) : commonTerms(orgId, f)
  params.limit = limit
  // OFFSET only for the REST API's page numbers; the viewer and the export use the cursor.
  const tail = offset > 0 ? 'LIMIT @limit OFFSET @offset' : 'LIMIT @limit'
  if (offset > 0) {
    params.offset = offset
    params.inner = limit + offset
  }
  const innerLimit = offset > 0 ? 'LIMIT @inner' : 'LIMIT @limit'
  if (cursor) {
    terms.push('(ts, id) < (@cts, @cid)')
    params.cts = cursor.ts
    params.cid = cursor.id
  }
  if (index) {
    return {
      text: `SELECT * FROM (${indexedSource(terms, params, index)}) ${ORDER} ${tail}`,
      params,
    }
  }
  if (f.userId === undefined) {
    return { text: `SELECT * FROM activity_entries WHERE ${where(terms)} ${ORDER} ${tail}`, params }
  }
  params.user = f.userId
  const asActor = where([actorOf(f), ...terms])
  const asTarget = where(['target_user_id = @user', 'actor_id IS NOT @user', ...terms])
  return {
    text:
      `SELECT * FROM (SELECT * FROM activity_entries WHERE ${asActor} ${ORDER} ${innerLimit}) ` +
      `UNION ALL SELECT * FROM (SELECT * FROM activity_entries WHERE ${asTarget} ${ORDER} ${innerLimit}) ` +
      `${ORDER} ${tail}`,
    params,
  }
}

/**
 * The actor term of a per-account branch. Admin actions are few (one per admin change, against
 * one entry per API request), so with `kind = admin` the kind index is the short walk: the unary
 * plus keeps SQLite off the account index, whose entries are mostly that account's requests.
 * Statistics cannot tell it this (kind has two values, so either looks like half the log).
 */
const actorOf = (f: ActivityFilter) =>
  f.kind === 'admin' ? '+actor_id = @user' : 'actor_id = @user'

function withUserOr(orgId: number, f: ActivityFilter) {
  const { terms, params } = commonTerms(orgId, f)
  if (f.userId !== undefined) {
    terms.push('(actor_id = @user OR target_user_id = @user)')
    params.user = f.userId
  }
  return { terms, params }
}

/**
 * How many entries match, counting at most `cap` (the caller says "more than" beyond it). A
 * per-account filter counts the same two disjoint branches as a page: with the OR, SQLite walks
 * one filter's index and reads every row of it from the table to test `target_user_id`; split,
 * the actor branch is a covering index scan (each filter index carries `actor_id`) and the
 * target branch a short range of admin actions.
 */
export function countSql(
  orgId: number,
  f: ActivityFilter,
  cap: number,
  index?: IndexedSearch,
): Sql {
  if (index || f.userId === undefined) {
    const { terms, params } = withUserOr(orgId, f)
    params.cap = cap
    const source = index
      ? `(${indexedSource(terms, params, index)})`
      : `activity_entries WHERE ${where(terms)}`
    return {
      text: `SELECT count(*) AS n FROM (SELECT 1 FROM ${source} LIMIT @cap)`,
      params,
    }
  }
  const { terms, params } = commonTerms(orgId, f)
  params.cap = cap
  params.user = f.userId
  const asActor = where([actorOf(f), ...terms])
  const asTarget = where(['target_user_id = @user', 'actor_id IS NOT @user', ...terms])
  return {
    text:
      `SELECT count(*) AS n FROM (SELECT 1 FROM activity_entries WHERE ${asActor} ` +
      `UNION ALL SELECT 1 FROM activity_entries WHERE ${asTarget} LIMIT @cap)`,
    params,
  }
}

/**
 * Entries appended after `afterId`, newest first. NOT INDEXED keeps SQLite on the rowid range
 * (a handful of new rows) instead of an equality index it would scan to the bottom.
 */
export function tailSql(orgId: number, f: ActivityFilter, afterId: number, limit: number): Sql {
  const { terms, params } = withUserOr(orgId, f)
  terms.unshift('id > @after')
  Object.assign(params, { after: afterId, limit })
  return {
    text: `SELECT * FROM activity_entries NOT INDEXED WHERE ${where(terms)} ORDER BY id DESC LIMIT @limit`,
    params,
  }
}

/**
 * The export's columns, computed in SQL where that saves per-row JavaScript (the hash as hex);
 * `ts` comes last for the cursor and the ISO time. Keep in step with EXPORT_COLUMNS.
 */
const EXPORT_SELECT =
  'id, kind, actor_id, actor_email, token_id, ip, user_agent, method, url, status, duration_ms, ' +
  'project_id, workspace_id, action, target_user_id, details, lower(hex(hash)) AS hash, ts'

/** One export page: the page query, narrowed to the exported columns. */
export function exportPageSql(
  orgId: number,
  f: ActivityFilter,
  cursor: Cursor | null,
  limit: number,
  index?: IndexedSearch,
): Sql {
  const page = pageSql(orgId, f, cursor, limit, 0, index)
  return { text: `SELECT ${EXPORT_SELECT} FROM (${page.text}) ${ORDER}`, params: page.params }
}
