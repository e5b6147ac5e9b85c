import type { Db } from '../../db/open'
import { endpointGroup } from './metrics'

// Ids per roll-up transaction: bounds the time a writer may wait behind a first big catch-up.
const CHUNK = 250_000

// Each entry is classified once into a temporary table, then summed per member and per org.
const CLASSIFY = `
INSERT INTO temp.perf_chunk (organization_id, actor_id, hour, endpoint, method, status, bucket)
SELECT organization_id, actor_id, ts / 3600000, perf_endpoint(url), coalesce(method, '(none)'), status,
  CASE WHEN duration_ms IS NULL THEN NULL WHEN duration_ms < 1 THEN 0
    ELSE 1 + CAST(floor(log2(duration_ms) * 8) AS INTEGER) END
FROM activity_entries WHERE id > @from AND id <= @to AND kind = 'api'`

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

/**
 * Keeps perf_api_hourly and perf_api_latency_hourly in step with the activity log: every API
 * entry after the stored watermark is classified (endpoint group, status class, latency bucket)
 * once and added to its member's hour and to the organization's (actor 0). Entries are
 * append-only with increasing ids, so an id watermark is enough; retention purges leave the
 * roll-ups (and so the dashboard's history) intact. The grouping runs inside SQLite, with the
 * endpoint rule registered as a function on this connection.
 */
export function apiRollup(db: Db) {
  db.function('perf_endpoint', { deterministic: true }, (url: unknown) =>
    endpointGroup(typeof url === 'string' ? url : null),
  )
  const watermark = db.prepare<[], { last_activity_id: number }>(
    'SELECT last_activity_id FROM perf_rollup_state WHERE id = 1',
  )
  const setWatermark = db.prepare<[number]>(
    'UPDATE perf_rollup_state SET last_activity_id = ? WHERE id = 1',
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

  const chunk = db.transaction((from: number, to: number) => {
    // Re-read inside the transaction: another connection may have rolled up meanwhile.
    if ((watermark.get()?.last_activity_id ?? 0) !== from) return
    clear.run()
    classify.run({ from, to })
    for (const s of steps) s.run()
    clear.run()
    setWatermark.run(to)
  })

  return {
    /** Rolls up every entry written since the last call; returns how many ids it moved over. */
    catchUp(): number {
      const start = watermark.get()?.last_activity_id ?? 0
      const upTo = maxId.get()?.m ?? 0
      for (let at = start; at < upTo; at = Math.min(upTo, at + CHUNK)) {
        chunk.immediate(at, Math.min(upTo, at + CHUNK))
      }
      return Math.max(0, upTo - start)
    },
  }
}
export type ApiRollup = ReturnType<typeof apiRollup>
