import type { Db } from '../../db/open'
import { endpointGroup } from './metrics'

// Ids per transaction of a synchronous catch-up (`catchUp`); the background job takes far fewer.
const CHUNK = 250_000

// Each entry is classified once into a temporary table, then summed per member and per org.
// The unary plus keeps SQLite on the id range: without statistics it would rather walk the
// whole (kind, ts) index for `kind = 'api'`, making every chunk as slow as the whole log.
const CLASSIFY = `
INSERT INTO temp.perf_chunk (organization_id, actor_id, hour, endpoint, method, status, bucket)
SELECT organization_id, actor_id, ts / 3600000, perf_endpoint(url), coalesce(method, '(none)'), status,
  CASE WHEN duration_ms IS NULL THEN NULL WHEN duration_ms < 1 THEN 0
    ELSE 1 + CAST(floor(log2(duration_ms) * 8) AS INTEGER) END
FROM activity_entries WHERE id > @from AND id <= @to AND +kind = 'api'`

// The newest API entry of the gap at or before @maxTs, walking the (kind, ts, id) index down
// from there. Admin entries do not count: reports read API entries only.
const NEWEST_IN_GAP = `
SELECT ts FROM activity_entries WHERE kind = 'api' AND ts <= @maxTs AND +id > @after AND +id <= @upTo
ORDER BY ts DESC LIMIT 1`

/**
 * The statements of a roll-up chunk that read the activity log, for query-plan tests: each must
 * stay a bounded range (ids of the chunk, or index entries walked past since the last chunk),
 * never a scan whose cost grows with the log.
 */
export const rollupReads = { classify: CLASSIFY, newestInGap: NEWEST_IN_GAP }

const CELLS = (actor: string, where: string) => `
INSERT INTO perf_api_hourly (organization_id, actor_id, hour, endpoint, method, requests, s2xx, s3xx, s4xx, s5xx, imports)
SELECT organization_id, ${actor}, hour, endpoint, method, count(*), sum(ifnull(status, 0) BETWEEN 200 AND 299),
  sum(ifnull(status, 0) BETWEEN 300 AND 399), sum(ifnull(status, 0) BETWEEN 400 AND 499),
  sum(ifnull(status, 0) BETWEEN 500 AND 599), sum(method = 'POST' AND endpoint LIKE '%/import')
FROM temp.perf_chunk ${where}
GROUP BY organization_id, ${actor === '0' ? '' : 'actor_id, '}hour, endpoint, method
ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, s2xx = s2xx + excluded.s2xx,
  s3xx = s3xx + excluded.s3xx, s4xx = s4xx + excluded.s4xx, s5xx = s5xx + excluded.s5xx,
  imports = imports + excluded.imports`

const LATENCY = (actor: string, where: string) => `
INSERT INTO perf_api_latency_hourly (organization_id, actor_id, hour, bucket, n)
SELECT organization_id, ${actor}, hour, bucket, count(*)
FROM temp.perf_chunk WHERE bucket IS NOT NULL ${where ? 'AND actor_id IS NOT NULL' : ''}
GROUP BY organization_id, ${actor === '0' ? '' : 'actor_id, '}hour, bucket
ON CONFLICT DO UPDATE SET n = n + excluded.n`

/** Activity ids not yet in the roll-ups: (after, upTo]; none of them is later than `maxTs`. */
export interface IdRange {
  after: number
  upTo: number
  maxTs?: number
}

export interface RollupStep {
  /** Ids moved over (entries of any kind, and holes left by retention). */
  ids: number
  /** API entries added to the roll-ups. */
  rows: number
  /** Whether entries remain to be rolled up. */
  pending: boolean
}

export interface StepOptions {
  /** At most this many ids in this transaction. */
  limit: number
  /**
   * A backlog above this many ids (a large log after an upgrade) becomes a gap that is filled
   * newest first, so recent ranges (the dashboard's presets) are served from roll-ups soonest.
   */
  gapAbove?: number
  /** Only roll up entries newer than the watermark, never the gap. */
  forwardOnly?: boolean
}

interface State {
  hi: number
  gapFrom: number
  gapTo: number
}

/**
 * Keeps perf_api_hourly and perf_api_latency_hourly in step with the activity log: every API
 * entry is classified (endpoint group, status class, latency bucket) once and added to its
 * member's hour and to the organization's (actor 0). Entries are append-only with increasing
 * ids, so what is rolled up is an id range: everything up to `last_activity_id` except the gap
 * (gap_from, gap_to] still being filled. Retention purges leave the roll-ups (and so the
 * dashboard's history) intact. The grouping runs inside SQLite, with the endpoint rule
 * registered as a function on this connection. Each step is one short IMMEDIATE transaction
 * that re-reads the state, so another connection rolling up meanwhile is harmless.
 */
export function apiRollup(db: Db) {
  db.function('perf_endpoint', { deterministic: true }, (url: unknown) =>
    endpointGroup(typeof url === 'string' ? url : null),
  )
  const readState = db.prepare<[], State>(
    'SELECT last_activity_id AS hi, gap_from AS gapFrom, gap_to AS gapTo FROM perf_rollup_state WHERE id = 1',
  )
  const saveState = db.prepare<[State]>(
    'UPDATE perf_rollup_state SET last_activity_id = @hi, gap_from = @gapFrom, gap_to = @gapTo WHERE id = 1',
  )
  const maxId = db.prepare<[], { m: number | null }>('SELECT max(id) AS m FROM activity_entries')
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS perf_chunk (organization_id INTEGER, actor_id INTEGER,
    hour INTEGER, endpoint TEXT, method TEXT, status INTEGER, bucket INTEGER)`)
  const clear = db.prepare('DELETE FROM temp.perf_chunk')
  const classify = db.prepare(CLASSIFY)
  const steps = [
    db.prepare(CELLS('actor_id', 'WHERE actor_id IS NOT NULL')),
    db.prepare(CELLS('0', '')),
    db.prepare(LATENCY('actor_id', 'actor')),
    db.prepare(LATENCY('0', '')),
  ]

  const newestInGap = db.prepare<Record<string, number>, { ts: number }>(NEWEST_IN_GAP)
  // The gap's newest time, kept in memory: the gap only shrinks from its top, so the last
  // value stays a valid bound and is refined from there by walking past what was rolled up
  // since (a few thousand index entries per chunk). Another connection filling the gap only
  // makes it loose, never wrong.
  let bound: { gapFrom: number; gapTo: number; maxTs: number } | null = null
  function gapMaxTs(s: State): number {
    if (!bound || bound.gapFrom !== s.gapFrom || bound.gapTo < s.gapTo)
      bound = { ...s, maxTs: Number.MAX_SAFE_INTEGER }
    if (bound.gapTo !== s.gapTo || bound.maxTs === Number.MAX_SAFE_INTEGER) {
      const newest = newestInGap.get({ maxTs: bound.maxTs, after: s.gapFrom, upTo: s.gapTo })
      bound = { gapFrom: s.gapFrom, gapTo: s.gapTo, maxTs: newest?.ts ?? -1 }
    }
    return bound.maxTs
  }

  const state = (): State => readState.get() ?? { hi: 0, gapFrom: 0, gapTo: 0 }
  const top = () => maxId.get()?.m ?? 0

  function roll(from: number, to: number): number {
    clear.run()
    const rows = classify.run({ from, to }).changes
    if (rows > 0) for (const s of steps) s.run()
    clear.run()
    return rows
  }

  const step = db.transaction((o: StepOptions): RollupStep => {
    const s = state()
    const upTo = top()
    const before = { ...s }
    if (s.gapTo <= s.gapFrom && !o.forwardOnly && upTo - s.hi > (o.gapAbove ?? Infinity)) {
      // Nothing is rolled up here: the backlog is only renamed a gap, filled below from its top.
      s.gapFrom = s.hi
      s.gapTo = upTo
      s.hi = upTo
    }
    let ids = 0
    let rows = 0
    if (s.hi < upTo) {
      // New traffic first: it is what the next report most likely asks for.
      const to = Math.min(upTo, s.hi + o.limit)
      rows = roll(s.hi, to)
      ids = to - s.hi
      s.hi = to
    } else if (s.gapTo > s.gapFrom && !o.forwardOnly) {
      const from = Math.max(s.gapFrom, s.gapTo - o.limit)
      rows = roll(from, s.gapTo)
      ids = s.gapTo - from
      s.gapTo = from
      if (s.gapTo <= s.gapFrom) s.gapFrom = s.gapTo = 0
    }
    if (s.hi !== before.hi || s.gapFrom !== before.gapFrom || s.gapTo !== before.gapTo)
      saveState.run(s)
    return { ids, rows, pending: s.hi < upTo || s.gapTo > s.gapFrom }
  })

  return {
    /** One bounded chunk of the roll-up, in its own IMMEDIATE transaction. */
    step: (o: StepOptions): RollupStep => step.immediate(o),
    /** Rolls up everything now (tests, benchmarks, one-shot CLI use); returns the ids moved over. */
    catchUp(): number {
      let ids = 0
      for (;;) {
        const r = step.immediate({ limit: CHUNK })
        ids += r.ids
        if (!r.pending) return ids
      }
    },
    /** New entries not yet rolled up (ids after the watermark). */
    backlog: () => Math.max(0, top() - state().hi),
    /**
     * How many activity ids a report from `from` on would read raw now (an upper bound): the
     * new entries, and the gap unless all of it is older than `from`.
     */
    rawIds(from: number): number {
      const s = state()
      let n = Math.max(0, top() - s.hi)
      if (s.gapTo > s.gapFrom && gapMaxTs(s) >= from) n += s.gapTo - s.gapFrom
      return n
    },
    /** The id ranges a report must read raw; read inside the report's transaction. */
    unrolled(): IdRange[] {
      const s = state()
      const upTo = top()
      const out: IdRange[] = []
      if (s.gapTo > s.gapFrom) out.push({ after: s.gapFrom, upTo: s.gapTo, maxTs: gapMaxTs(s) })
      if (upTo > s.hi) out.push({ after: s.hi, upTo })
      return out
    },
  }
}
export type ApiRollup = ReturnType<typeof apiRollup>
