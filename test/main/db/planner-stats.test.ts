import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'

const dir = mkdtempSync(join(tmpdir(), 'tessera-stats-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const statsOf = (db: ReturnType<typeof openDatabase>) =>
  db
    .prepare<
      [],
      { idx: string; stat: string }
    >("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'activity_entries' ORDER BY idx")
    .all()

describe('planner statistics for the activity log', () => {
  it('a new database gets them once, for every activity index', () => {
    const path = join(dir, 'new.db')
    const db = openDatabase(path)
    const indexes = db
      .prepare<
        [],
        string
      >("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'activity_entries' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all()
    expect(statsOf(db).map((s) => s.idx)).toEqual(indexes)
    db.close()
    const again = openDatabase(path)
    expect(statsOf(again)).toHaveLength(indexes.length)
    again.close()
  })

  it('the planner reads them: an account + kind query is planned by their counts', () => {
    const db = openDatabase(join(dir, 'plan.db'))
    const plan = db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT id FROM activity_entries
         WHERE actor_id = 7 AND kind = 'admin' ORDER BY ts DESC, id DESC LIMIT 100`,
      )
      .all()
      .map((r) => r.detail)
      .join('\n')
    expect(plan).toContain('activity_actor_cover')
    db.close()
  })

  it('statistics a database already has are kept', () => {
    const path = join(dir, 'kept.db')
    const db = openDatabase(path)
    db.exec("UPDATE sqlite_stat1 SET stat = '5 5 1 1 1 1 1 1 1 1 1' WHERE idx = 'activity_kind'")
    db.close()
    const again = openDatabase(path)
    expect(statsOf(again).find((s) => s.idx === 'activity_kind')?.stat).toBe(
      '5 5 1 1 1 1 1 1 1 1 1',
    )
    again.close()
  })
})
