import type { Db } from '../../db/open'
import type { ActivityRow } from '../../db/repos/activity.repo'
import {
  countSql,
  exportPageSql,
  pageSql,
  tailSql,
  type ActivityFilter,
  type Cursor,
  type Sql,
} from './query-sql'
import { CANDIDATE_CAP, searchIndex } from './search-index'

type Statement = ReturnType<Db['prepare']>
export type ExportRow = (string | number | null)[]
/** Where `ts` sits in an export row (last). */
export const TS = 17

export interface QueryOptions {
  /** See CANDIDATE_CAP; 0 never uses the URL index (the LIKE-only plan, for cross-checks). */
  candidateCap?: number
}

/**
 * Runs the filter queries. Statements are prepared once per query shape (which filters are
 * set), so the number of shapes is finite and the cache small; the values are bound. A keyword
 * search goes through the URL index when that is the faster plan (search-index.ts).
 */
export function activityQueries(db: Db, options: QueryOptions = {}) {
  const index = searchIndex(db)
  const candidateCap = options.candidateCap ?? CANDIDATE_CAP
  const plan = (f: ActivityFilter) =>
    f.search && candidateCap > 0 ? index.plan(f.search, candidateCap) : undefined
  const cache = new Map<string, Statement>()
  const prepared = (sql: Sql): Statement => {
    let stmt = cache.get(sql.text)
    if (!stmt) {
      if (cache.size > 500) cache.clear()
      stmt = db.prepare(sql.text)
      cache.set(sql.text, stmt)
    }
    return stmt
  }
  const rows = (sql: Sql) => prepared(sql).all(sql.params) as ActivityRow[]
  // Export pages come back as arrays: no object per row, at a million rows that shows.
  const rawRows = (sql: Sql) => prepared(sql).raw(true).all(sql.params) as ExportRow[]

  return {
    /** One page newest first, and the cursor for the next (null when this page is the last). */
    page(orgId: number, f: ActivityFilter, cursor: Cursor | null, limit: number) {
      // One extra row says whether another page exists without a second query.
      const found = rows(pageSql(orgId, f, cursor, limit + 1, 0, plan(f)))
      const entries = found.slice(0, limit)
      const lastRow = entries[entries.length - 1]
      const nextCursor = found.length > limit && lastRow ? { ts: lastRow.ts, id: lastRow.id } : null
      return { rows: entries, nextCursor }
    },
    /** An export page as arrays in exportPageSql's column order (ts last). */
    exportPage(orgId: number, f: ActivityFilter, cursor: Cursor | null, limit: number) {
      const found = rawRows(exportPageSql(orgId, f, cursor, limit + 1, plan(f)))
      const entries = found.slice(0, limit)
      const lastRow = entries[entries.length - 1]
      const nextCursor =
        found.length > limit && lastRow
          ? { ts: lastRow[TS] as number, id: lastRow[0] as number }
          : null
      return { rows: entries, nextCursor }
    },
    /** Rows `offset`… of the filtered set (the REST API's page numbers). */
    offsetPage(orgId: number, f: ActivityFilter, offset: number, limit: number) {
      return rows(pageSql(orgId, f, null, limit, offset, plan(f)))
    },
    count(orgId: number, f: ActivityFilter, cap: number) {
      const sql = countSql(orgId, f, cap + 1, plan(f))
      const n = (prepared(sql).get(sql.params) as { n: number }).n
      return n > cap ? { count: cap, exact: false } : { count: n, exact: true }
    },
    tail(orgId: number, f: ActivityFilter, afterId: number, limit: number) {
      const found = rows(tailSql(orgId, f, afterId, limit + 1))
      return { rows: found.slice(0, limit), truncated: found.length > limit }
    },
  }
}
export type ActivityQueries = ReturnType<typeof activityQueries>
