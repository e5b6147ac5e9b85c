import { describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../src/main/db/open'
import { apiRollup, rollupReads } from '../../../src/main/engine/performance/api-rollup'
import { unrolledReads } from '../../../src/main/engine/performance/performance.repo'

/**
 * The background catch-up must cost per chunk what the chunk holds, however long the log: every
 * statement a chunk (or a report during the catch-up) runs against activity_entries is a bounded
 * range of the primary key or of an existing index, never a scan or a sort of the log. Checked
 * on SQLite's own plans, with the planner statistics a user's database gets and with none.
 */
const plan = (db: Db, sql: string) => {
  const params = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], 1]))
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ')
}

function databases(): [string, Db][] {
  const shipped = openDatabase(':memory:')
  const none = openDatabase(':memory:')
  none.exec("DELETE FROM sqlite_stat1 WHERE tbl = 'activity_entries'; ANALYZE sqlite_schema")
  for (const db of [shipped, none]) apiRollup(db)
  return [
    ['shipped statistics', shipped],
    ['no statistics', none],
  ]
}

describe.each(databases())('roll-up query plans (%s)', (_name, db) => {
  it('a chunk classifies its own id range only', () => {
    const p = plan(db, rollupReads.classify)
    expect(p).toContain('SEARCH activity_entries USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)')
    expect(p).not.toMatch(/SCAN activity_entries|activity_kind|TEMP B-TREE/)
  })

  it("the gap's newest time walks the (kind, ts) index down from the last bound, unsorted", () => {
    const p = plan(db, rollupReads.newestInGap)
    expect(p).toContain('activity_kind (kind=? AND ts<?)')
    expect(p).not.toMatch(/SCAN activity_entries|TEMP B-TREE/)
  })

  it('a report reads an unrolled range by id when short, else by time within the range', () => {
    expect(plan(db, unrolledReads.byId.org)).toContain('INTEGER PRIMARY KEY (rowid>? AND rowid<?)')
    expect(plan(db, unrolledReads.byId.member)).toContain(
      'INTEGER PRIMARY KEY (rowid>? AND rowid<?)',
    )
    expect(plan(db, unrolledReads.byTime.org)).toContain('activity_kind (kind=? AND ts>? AND ts<?)')
    expect(plan(db, unrolledReads.byTime.member)).toContain(
      'activity_actor_cover (actor_id=? AND ts>? AND ts<?)',
    )
    for (const sql of [unrolledReads.byId, unrolledReads.byTime].flatMap((s) => [s.member, s.org]))
      expect(plan(db, sql)).not.toMatch(/SCAN activity_entries|TEMP B-TREE/)
  })
})
