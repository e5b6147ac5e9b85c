import type { Db } from './open'

/**
 * Query-planner statistics for the activity log, as `ANALYZE` measured them on a realistic
 * 10-million-entry log (test/bench). Tessera never runs `ANALYZE` on a user's database: on a
 * big log it reads every index (seconds) and `PRAGMA optimize` with a row limit guesses worse
 * than these. Without any statistics SQLite picks some multi-filter plans (a user's admin
 * actions, a user + project + method count) that are several times slower, so a database
 * without them gets these. They describe the shape of the data (how many entries share an
 * actor, a kind, a method…), which is what the planner compares; the totals need not match.
 */
const ACTIVITY_STATS: readonly (readonly [index: string, stat: string])[] = [
  ['activity_actor_cover', '10000039 666670 1 1 1 1 1 1 1 1 1'],
  ['activity_kind', '10000039 5000020 1 1 1 1 1 1 1 1 1'],
  ['activity_method', '9950287 2487572 1 1 1 1 1 1 1 1 1'],
  ['activity_project', '7958123 397907 1 1 1 1 1 1 1 1 1'],
  ['activity_status_class', '10000039 2000008 1 1 1 1 1 1 1 1 1 1'],
  ['activity_target', '49728 3316 1'],
  ['activity_token', '7959828 994979 1 1 1 1 1 1 1 1 1'],
  ['activity_ts', '10000039 1'],
  ['activity_workspace', '7958127 1989532 1 1 1 1 1 1 1 1 1'],
]

/** Gives the activity log's indexes planner statistics unless it already has some. */
export function ensurePlannerStats(db: Db): void {
  const indexes = new Set(
    db
      .prepare<
        [],
        string
      >("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'activity_entries'")
      .pluck()
      .all(),
  )
  const known = ACTIVITY_STATS.filter(([index]) => indexes.has(index))
  if (known.length === 0 || hasStats(db)) return
  const added = db
    .transaction(() => {
      if (hasStats(db)) return false // another process got there first
      // ANALYZE of a one-row table creates sqlite_stat1 (it cannot be created by hand); SQLite
      // lets an application fill it itself for exactly this purpose.
      db.exec('ANALYZE activity_search_state')
      const insert = db.prepare<[string, string]>(
        "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('activity_entries', ?, ?)",
      )
      for (const [index, stat] of known) insert.run(index, stat)
      return true
    })
    .immediate()
  // Makes the planner load what was just written.
  if (added) db.exec('ANALYZE sqlite_schema')
}

function hasStats(db: Db): boolean {
  const table = db
    .prepare<[], number>("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
    .pluck()
    .get()
  if (!table) return false
  return (
    db
      .prepare<[], number>("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'activity_entries'")
      .pluck()
      .get()! > 0
  )
}
