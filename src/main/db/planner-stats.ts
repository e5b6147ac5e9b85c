import type { Db } from './open'

/**
 * Query-planner statistics for the big tables, as `ANALYZE` measured them on realistic data
 * (test/bench: a 10-million-entry activity log; 1 M annotations, 200 k reviews and their
 * roll-ups). Tessera never runs `ANALYZE` on a user's database: on a big log it reads every
 * index (seconds), and `PRAGMA optimize` with a row limit still takes over a second and guesses
 * worse. Without any statistics SQLite plans some filters and dashboard reads several times
 * slower, so a table without statistics gets these. They describe the shape of the data (how
 * many rows share a member, a project, an hour…), which is what the planner compares; the
 * totals need not match the user's.
 */
const STATS: Readonly<Record<string, readonly (readonly [index: string, stat: string])[]>> = {
  activity_entries: [
    ['activity_actor_cover', '10000039 666670 1 1 1 1 1 1 1 1 1'],
    ['activity_kind', '10000039 5000020 1 1 1 1 1 1 1 1 1'],
    ['activity_method', '9950287 2487572 1 1 1 1 1 1 1 1 1'],
    ['activity_project', '7958123 397907 1 1 1 1 1 1 1 1 1'],
    ['activity_status_class', '10000039 2000008 1 1 1 1 1 1 1 1 1 1'],
    // Refusal summaries: at most a few per source and minute, so few against the log.
    ['activity_summaries', '20000 1 1'],
    ['activity_target', '49728 3316 1'],
    ['activity_token', '7959828 994979 1 1 1 1 1 1 1 1 1'],
    ['activity_ts', '10000039 1'],
    ['activity_workspace', '7958127 1989532 1 1 1 1 1 1 1 1 1'],
  ],
  annotations: [
    ['annotations_member_time', '1000000 10000 1'],
    ['annotations_org_time', '1000000 1000000 1'],
    ['annotations_task', '1000000 3'],
  ],
  reviews: [
    ['reviews_annotation', '200000 1 1'],
    ['reviews_member_time', '200000 2000 1'],
    ['reviews_org_time', '200000 200000 1'],
  ],
  predictions: [
    ['perf_predictions_member', '100000 5000 1'],
    ['perf_predictions_time', '100000 1'],
    ['predictions_project', '100000 10000 1'],
    ['predictions_task', '100000 1'],
  ],
  tasks: [['tasks_project', '333335 11112 1']],
  perf_ann_hourly: [['perf_ann_hourly', '262801 262801 30 1']],
  perf_ann_lead_hourly: [['perf_ann_lead_hourly', '283772 283772 33 1']],
  perf_ann_outcome: [['perf_ann_outcome_time', '200000 200000 1 1 1 1 1']],
  perf_api_hourly: [['perf_api_hourly', '2103375 2103375 20826 5 2 1']],
  perf_api_latency_hourly: [['perf_api_latency_hourly', '4532393 4532393 44876 11 1']],
}

/** Gives each big table planner statistics unless it already has some. */
export function ensurePlannerStats(db: Db): void {
  const indexes = new Set(
    db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'index'").pluck().all(),
  )
  const missing = () => {
    const done = tablesWithStats(db)
    return Object.entries(STATS)
      .map(([table, rows]) => [table, rows.filter(([index]) => indexes.has(index))] as const)
      .filter(([table, rows]) => rows.length > 0 && !done.has(table))
  }
  if (missing().length === 0) return
  const added = db
    .transaction(() => {
      const todo = missing() // another process may have got there first
      if (todo.length === 0) return false
      // ANALYZE of a one-row table creates sqlite_stat1 (it cannot be created by hand); SQLite
      // lets an application fill it itself for exactly this purpose.
      db.exec('ANALYZE activity_search_state')
      const insert = db.prepare<[string, string, string]>(
        'INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)',
      )
      for (const [table, rows] of todo)
        for (const [index, stat] of rows) insert.run(table, index, stat)
      return true
    })
    .immediate()
  // Makes the planner load what was just written.
  if (added) db.exec('ANALYZE sqlite_schema')
}

function tablesWithStats(db: Db): Set<string> {
  const exists = db
    .prepare<[], number>("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
    .pluck()
    .get()
  if (!exists) return new Set()
  return new Set(db.prepare<[], string>('SELECT DISTINCT tbl FROM sqlite_stat1').pluck().all())
}
