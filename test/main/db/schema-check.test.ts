import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startCore } from '../../../src/main/core/start-core'
import { watchDataEpoch } from '../../../src/main/db/data-epoch'
import { migrate, schemaVersion } from '../../../src/main/db/migrate'
import { migrations } from '../../../src/main/db/migrations'
import { openDatabase } from '../../../src/main/db/open'
import {
  checkSchema,
  expectedSchema,
  normaliseSql,
  SchemaDriftError,
} from '../../../src/main/db/schema-check'
import { restoreDatabase } from '../../../src/main/engine/security/backup.service'
import { makeEngine, snapshotTables } from '../../support/engine'

const dirs: string[] = []
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-schema-'))
  dirs.push(d)
  return d
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

const latest = migrations.length

/** A live database with some data and a backup of it made by Tessera. */
async function liveAndBackup() {
  const dir = scratch()
  const live = join(dir, 'tessera.db')
  const t = makeEngine(live)
  await t.value('workspaces:create', { title: 'Keep me' })
  const backup = join(dir, 'b.db')
  await t.engine.backup.backupTo(t.owner, backup)
  t.close()
  return { dir, live, backup }
}

/** What an edit of the file with the sqlite3 shell can do (defensive mode is the shell's off). */
function craft(path: string, sql: string) {
  const raw = new Database(path)
  raw.exec(sql)
  raw.close()
}

const rows = (path: string) => {
  const raw = new Database(path, { readonly: true })
  try {
    return snapshotTables(raw)
  } finally {
    raw.close()
  }
}

const CASES: {
  what: string
  sql: string
  problem: { kind: string; type: string; name: string }
}[] = [
  {
    what: 'a trigger that deletes each new activity entry',
    sql: `CREATE TRIGGER forget_activity AFTER INSERT ON activity_entries BEGIN
              DELETE FROM activity_entries WHERE id = NEW.id; END;`,
    problem: { kind: 'unknown', type: 'trigger', name: 'forget_activity' },
  },
  {
    what: 'a view named like a table, the table renamed',
    sql: `ALTER TABLE api_tokens RENAME TO api_tokens_real;
            CREATE VIEW api_tokens AS SELECT * FROM api_tokens_real WHERE revoked_at IS NULL;`,
    problem: { kind: 'unknown', type: 'view', name: 'api_tokens' },
  },
  {
    what: 'an extra index',
    sql: 'CREATE INDEX workspaces_by_title ON workspaces (title);',
    problem: { kind: 'unknown', type: 'index', name: 'workspaces_by_title' },
  },
  {
    what: 'a changed CHECK constraint',
    sql: `CREATE TABLE sif (key TEXT PRIMARY KEY, failures INTEGER NOT NULL CHECK (failures >= -1000),
              last_failure_at INTEGER NOT NULL, locked_until INTEGER) STRICT, WITHOUT ROWID;
            INSERT INTO sif SELECT * FROM sign_in_failures;
            DROP TABLE sign_in_failures;
            ALTER TABLE sif RENAME TO sign_in_failures;`,
    problem: { kind: 'changed', type: 'table', name: 'sign_in_failures' },
  },
  {
    what: 'a table the migrations do not know',
    sql: 'CREATE TABLE notes (body TEXT);',
    problem: { kind: 'unknown', type: 'table', name: 'notes' },
  },
]

describe('the schema check', () => {
  it('knows, for every schema version, exactly what the migrations create', () => {
    expect(expectedSchema(0)).toEqual([])
    const last = expectedSchema(latest)
    const names = (type: string) =>
      last
        .filter((o) => o.type === type)
        .map((o) => o.name)
        .sort()
    expect(names('view')).toEqual([])
    expect(names('trigger')).toEqual(
      [
        'perf_ann_added',
        'perf_ann_changed',
        'perf_ann_removed',
        'perf_outcome_annotation_changed',
        'perf_outcome_annotation_removed',
        'perf_outcome_review_added',
        'perf_outcome_review_changed',
        'perf_outcome_review_removed',
        'service_account_version_deleted',
        'service_account_version_project_add',
        'service_account_version_project_remove',
        'service_account_version_role',
        'service_account_version_ws_add',
        'service_account_version_ws_remove',
      ].sort(),
    )
    // The FTS5 index's shadow tables are part of what migration 6 creates.
    expect(names('table')).toEqual(
      expect.arrayContaining(['activity_url_fts', 'activity_url_fts_data']),
    )
    // AUTOINCREMENT ids (migration 7) keep their high-water marks in sqlite_sequence.
    expect(names('table')).toContain('sqlite_sequence')
    // sqlite_stat1 (planner statistics written at start-up) is allowed, not expected.
    expect(names('table')).not.toContain('sqlite_stat1')
  })

  it.each(Array.from({ length: latest + 1 }, (_, k) => k))(
    'passes a database made at schema version %i, which still opens and migrates',
    (k) => {
      const path = join(scratch(), 'old.db')
      const old = openDatabase(path, { migrate: false })
      migrate(old, migrations.slice(0, k))
      expect(checkSchema(old)).toEqual({ ok: true })
      old.close()
      const db = openDatabase(path)
      expect(schemaVersion(db)).toBe(latest)
      expect(checkSchema(db)).toEqual({ ok: true })
      db.close()
    },
  )

  it('passes a database in use: planner statistics, TEMP triggers and a full ANALYZE', () => {
    const t = makeEngine(join(scratch(), 'live.db'))
    watchDataEpoch(t.db)
    expect(
      t.db.prepare("SELECT count(*) FROM temp.sqlite_schema WHERE type = 'trigger'").pluck().get(),
    ).toBeGreaterThan(0)
    expect(checkSchema(t.db)).toEqual({ ok: true })
    t.db.exec('ANALYZE')
    expect(checkSchema(t.db)).toEqual({ ok: true })
    t.close()
  })

  it('reports each object added, changed or removed by type and name', () => {
    const db = openDatabase(':memory:')
    db.exec(`CREATE TABLE notes (body TEXT);
             DROP INDEX activity_kind;
             DROP TRIGGER perf_ann_added;
             CREATE TRIGGER perf_ann_added AFTER INSERT ON annotations BEGIN SELECT 1; END;`)
    const result = checkSchema(db)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { kind: 'unknown', type: 'table', name: 'notes' },
        { kind: 'missing', type: 'index', name: 'activity_kind' },
        { kind: 'changed', type: 'trigger', name: 'perf_ann_added' },
      ]),
    )
    expect(result.problems).toHaveLength(3)
    const message = new SchemaDriftError('/x/tessera.db', result.problems).message
    expect(message).toMatch(/^This file was changed outside Tessera: /)
    expect(message).toContain('table notes (not made by Tessera)')
    expect(message).toContain('index activity_kind (missing)')
    expect(message).toContain('trigger perf_ann_added (changed)')
    expect(message).toMatch(
      /Restore a backup you made with Tessera, or move the file aside to start with an empty organization\.$/,
    )
    db.close()
  })

  it('compares SQL up to whitespace and comments, never inside quotes', () => {
    expect(normaliseSql('CREATE TABLE a (\n  x INTEGER -- why\n) STRICT')).toBe(
      normaliseSql('CREATE TABLE a(x INTEGER)STRICT'),
    )
    expect(normaliseSql("CHECK (k IN ('a b'))")).not.toBe(normaliseSql("CHECK (k IN ('a  b'))"))
    expect(normaliseSql('CHECK (n >= 0)')).not.toBe(normaliseSql('CHECK (n >= -1)'))
    expect(normaliseSql("x 'a'")).not.toBe(normaliseSql("x'a'"))
  })

  it('runs with trusted_schema off: a schema trigger cannot call an application function', () => {
    const db = openDatabase(':memory:')
    expect(db.pragma('trusted_schema', { simple: true })).toBe(0)
    let calls = 0
    db.function('side_effect', () => (calls++, null))
    db.exec(`CREATE TRIGGER spy AFTER INSERT ON sign_in_failures BEGIN SELECT side_effect(); END`)
    expect(() => db.prepare("INSERT INTO sign_in_failures VALUES ('k', 1, 0, NULL)").run()).toThrow(
      /unsafe use of side_effect/,
    )
    expect(calls).toBe(0)
    db.close()
  })
})

describe.each(CASES)('a backup with $what', ({ sql, problem }) => {
  it('is refused at restore, naming it; the live database is unchanged', async () => {
    const { live, backup } = await liveAndBackup()
    craft(backup, sql)
    const before = rows(live)
    expect(() => restoreDatabase(backup, live)).toThrow(
      new RegExp(`changed outside Tessera: .*${problem.type} ${problem.name}\\b`),
    )
    expect(rows(live)).toEqual(before)
  })

  it('is refused at start-up, naming it, and the file is left as it is', async () => {
    const { backup } = await liveAndBackup()
    craft(backup, sql)
    const bytes = readFileSync(backup)
    let error: unknown
    try {
      openDatabase(backup)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(SchemaDriftError)
    expect((error as SchemaDriftError).problems).toContainEqual(problem)
    expect((error as Error).message).toContain(`${problem.type} ${problem.name}`)
    // The one start-up of the desktop app and serve refuses it the same way.
    const startApi = async () => {
      throw new Error('the API must not start')
    }
    await expect(startCore({ dbPath: backup, startApi, log: () => {} })).rejects.toThrow(
      new RegExp(`changed outside Tessera: .*${problem.type} ${problem.name}\\b`),
    )
    expect(readFileSync(backup).equals(bytes)).toBe(true)
  })
})
