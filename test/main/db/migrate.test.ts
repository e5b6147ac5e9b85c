import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  migrate,
  schemaVersion,
  SchemaTooNewError,
  type Migration,
} from '../../../src/main/db/migrate'
import { migrations } from '../../../src/main/db/migrations'
import { openDatabase, type Db } from '../../../src/main/db/open'

const dirs: string[] = []
function tempPath(name = 'tessera.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-db-'))
  dirs.push(dir)
  return join(dir, name)
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const tables = (db: Db) =>
  db
    .prepare<
      [],
      { name: string; strict: number }
    >("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all()

describe('migrations', () => {
  it('are numbered 1..n without gaps, so user_version names the schema', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1))
  })

  // One case per migration: each applies on top of the previous ones and leaves a sound schema.
  it.each(migrations.map((m) => [m.version, m.name, m] as const))(
    'migration %i (%s) applies on the schema before it',
    (version) => {
      const db = openDatabase(':memory:', { migrate: false })
      migrate(db, migrations.slice(0, version - 1))
      const before = tables(db).length
      migrate(db, migrations.slice(0, version))
      expect(schemaVersion(db)).toBe(version)
      expect(db.pragma('foreign_key_check')).toEqual([])
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      // Every table is STRICT: a wrong type is refused, not silently stored.
      expect(tables(db).filter((t) => !t.strict)).toEqual([])
      expect(tables(db).length).toBeGreaterThanOrEqual(before)
      db.close()
    },
  )

  it('creates every entity of the design in migration 1', () => {
    const db = openDatabase(':memory:', { migrate: false })
    migrate(db, migrations.slice(0, 1))
    expect(tables(db).map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'organizations',
        'users',
        'memberships',
        'service_accounts',
        'workspaces',
        'projects',
        'workspace_members',
        'project_members',
        'tasks',
        'annotations',
        'reviews',
        'predictions',
        'api_tokens',
        'quota_requests',
        'activity_entries',
      ]),
    )
    db.close()
  })

  it('is idempotent: a second run on an up-to-date database changes nothing', () => {
    const db = openDatabase(':memory:')
    const schema = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()
    expect(migrate(db, migrations)).toBe(migrations.length)
    expect(db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(schema)
    db.close()
  })

  it('refuses a database written by a newer Tessera, with a message that says what to do', () => {
    const path = tempPath()
    const db = openDatabase(path)
    db.pragma(`user_version = ${migrations.length + 1}`)
    db.close()
    let error: unknown
    try {
      openDatabase(path)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(SchemaTooNewError)
    const e = error as SchemaTooNewError
    expect(e.databaseVersion).toBe(migrations.length + 1)
    expect(e.supportedVersion).toBe(migrations.length)
    expect(e.message).toMatch(/newer version of Tessera/)
    expect(e.message).toMatch(/Update Tessera to open it/)
    // The refusal did not touch the file: its version is still the newer one.
    const raw = new Database(path)
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length + 1)
    raw.close()
  })

  it('rolls a failing migration back entirely, leaving the version where it was', () => {
    const db = openDatabase(':memory:', { migrate: false })
    const good: Migration = { version: 1, name: 'good', up: 'CREATE TABLE a (x INTEGER) STRICT' }
    const bad: Migration = {
      version: 2,
      name: 'bad',
      up: (d) => {
        d.exec('CREATE TABLE b (x INTEGER) STRICT; INSERT INTO a VALUES (1)')
        throw new Error('boom')
      },
    }
    expect(() => migrate(db, [good, bad])).toThrow('boom')
    expect(schemaVersion(db)).toBe(1)
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'b'").get()).toBeUndefined()
    expect(db.prepare('SELECT count(*) AS n FROM a').get()).toEqual({ n: 0 })
    // A failing SQL-text migration is rolled back too.
    const badSql: Migration = { version: 2, name: 'bad-sql', up: 'CREATE TABLE c (x); SELEC 1' }
    expect(() => migrate(db, [good, badSql])).toThrow()
    expect(schemaVersion(db)).toBe(1)
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'c'").get()).toBeUndefined()
    db.close()
  })

  it('refuses a migration list with a gap before touching the database', () => {
    const db = openDatabase(':memory:', { migrate: false })
    const m: Migration = { version: 2, name: 'skips-one', up: 'CREATE TABLE a (x INTEGER)' }
    expect(() => migrate(db, [m])).toThrow(/expected 1/)
    expect(schemaVersion(db)).toBe(0)
    db.close()
  })
})

describe('openDatabase', () => {
  it('sets WAL, foreign keys and a busy timeout on a file database, and migrates it', () => {
    const path = tempPath()
    const db = openDatabase(path)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000)
    expect(schemaVersion(db)).toBe(migrations.length)
    db.close()
  })

  it('enforces foreign keys on :memory: too', () => {
    const db = openDatabase(':memory:')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(() =>
      db
        .prepare(
          "INSERT INTO memberships (organization_id, user_id, role, user_type, created_at, updated_at) VALUES (99, 99, 'AN', 'standard', 0, 0)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/)
    db.close()
  })

  it('reopens an existing file without re-running migrations', () => {
    const path = tempPath()
    const first = openDatabase(path)
    first
      .prepare("INSERT INTO organizations (title, created_at, updated_at) VALUES ('Kept', 1, 1)")
      .run()
    first.close()
    const again = openDatabase(path)
    expect(again.prepare('SELECT title FROM organizations').all()).toEqual([{ title: 'Kept' }])
    again.close()
  })
})
