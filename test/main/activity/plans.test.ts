import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { countSql, pageSql, type ActivityFilter } from '../../../src/main/engine/activity/query-sql'

/**
 * The activity migration's promise, checked on SQLite's own query plans: every filter the
 * viewer offers, alone and combined, reads an index in (ts, id) order — no full scan, no sort.
 */
describe('activity indexes', () => {
  const db = openDatabase(':memory:')
  const plan = (f: ActivityFilter, cursor = false) => {
    const sql = pageSql(1, f, cursor ? { ts: 5, id: 9 } : null, 101)
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql.text}`).all(sql.params) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ')
  }

  it('creates the checkpoint table and an index per filter', () => {
    const names = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE tbl_name = 'activity_entries' AND type = 'index'",
        )
        .all() as {
        name: string
      }[]
    ).map((r) => r.name)
    for (const n of [
      'activity_target',
      'activity_token',
      'activity_project',
      'activity_workspace',
      'activity_method',
      'activity_status_class',
      'activity_kind',
    ]) {
      expect(names).toContain(n)
    }
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'activity_checkpoints'").get(),
    ).toBeTruthy()
  })

  const filters: ActivityFilter[] = [
    {},
    { userId: 3 },
    { actorId: 3 },
    { tokenId: 4 },
    { projectId: 5 },
    { workspaceId: 6 },
    { method: 'POST' },
    { statusClass: 5 },
    { kind: 'admin' },
    { from: 1, to: 2 },
    { userId: 3, method: 'POST', statusClass: 4 },
    { projectId: 5, from: 1 },
    { tokenId: 4, kind: 'api', search: 'import' },
  ]
  for (const f of filters) {
    it(`first and next pages use an index in order: ${JSON.stringify(f)}`, () => {
      for (const cursor of [false, true]) {
        const p = plan(f, cursor)
        expect(p).toMatch(/USING (COVERING )?INDEX/)
        expect(p).not.toMatch(/SCAN activity_entries(?! USING)/)
        // A sort over at most one page per branch (the per-account merge) is fine; of the
        // table it would not be. Only the UNION form may sort, and only its branch results.
        if (f.userId === undefined) expect(p).not.toContain('TEMP B-TREE')
      }
    })
  }

  it("an account's admin actions walk the kind index, not the account's requests", () => {
    for (const sql of [
      pageSql(1, { userId: 3, kind: 'admin' }, null, 101),
      countSql(1, { userId: 3, kind: 'admin' }, 10_001),
    ]) {
      const steps = (
        db.prepare(`EXPLAIN QUERY PLAN ${sql.text}`).all(sql.params) as { detail: string }[]
      ).map((r) => r.detail)
      const reads = steps.filter((d) => /^(SEARCH|SCAN) activity_entries/.test(d))
      expect(reads[0]).toContain('activity_kind (kind=?')
      expect(reads.join('\n')).not.toContain('activity_actor_cover')
    }
  })

  // A per-account count with another filter: the account's own entries are counted from a
  // covering index (no table read per index entry), the admin actions done to it apart.
  const accountFilters: ActivityFilter[] = [
    { userId: 3, statusClass: 5 },
    { userId: 3, method: 'POST' },
    { userId: 3, kind: 'admin' },
    { userId: 3, projectId: 5, method: 'POST' },
  ]
  for (const f of accountFilters) {
    it(`a per-account count reads the table only for admin actions: ${JSON.stringify(f)}`, () => {
      const sql = countSql(1, f, 10_001)
      const steps = (
        db.prepare(`EXPLAIN QUERY PLAN ${sql.text}`).all(sql.params) as { detail: string }[]
      ).map((r) => r.detail)
      const reads = steps.filter((d) => /^(SEARCH|SCAN) activity_entries/.test(d))
      expect(reads).toHaveLength(2)
      expect(reads.filter((d) => !d.includes('COVERING INDEX'))).toEqual([
        expect.stringContaining('USING INDEX activity_target (target_user_id=?)'),
      ])
    })
  }
})
