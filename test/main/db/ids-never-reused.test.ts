// Label Studio's ids come from PostgreSQL sequences (Django AutoField) and never repeat: an id
// an ML backend, an export or a log entry holds keeps naming the same object after the newest
// one is deleted. SQLite gives that promise only with AUTOINCREMENT.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { migrate, schemaVersion } from '../../../src/main/db/migrate'
import { migrations } from '../../../src/main/db/migrations'
import { openDatabase, type Db } from '../../../src/main/db/open'
import { createRepos } from '../../../src/main/db/repos'
import { checkSchema } from '../../../src/main/db/schema-check'
import { verifyChain } from '../../../src/main/engine/activity/verify'
import { createEngine } from '../../../src/main/engine/engine'
import { seededRandom, testClock } from '../../support/engine'
import { startFixture, type Fixture } from '../api/support'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-ids-'))
  dirs.push(dir)
  return join(dir, 'tessera.db')
}

describe('ids are never reused (Label Studio: PostgreSQL sequences behind every model id)', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await startFixture()
  })
  afterAll(async () => {
    await f.close()
  })

  it('DELETE /api/tasks/{id}/ of the newest task, then POST /api/tasks/: a new id', async () => {
    const made = await f.req('POST', '/api/tasks/', {
      token: f.tokens.OW,
      body: { project: f.pA, data: { text: 'newest' } },
    })
    expect(made.status).toBe(201)
    expect(
      (await f.req('DELETE', `/api/tasks/${made.body.id}/`, { token: f.tokens.OW })).status,
    ).toBe(204)
    const next = await f.req('POST', '/api/tasks/', {
      token: f.tokens.OW,
      body: { project: f.pA, data: { text: 'after' } },
    })
    expect(next.body.id).toBeGreaterThan(made.body.id)
  })

  it('DELETE /api/annotations/{id}/ of the newest annotation, then a new one: a new id', async () => {
    const path = `/api/tasks/${f.tA}/annotations/`
    const made = await f.req('POST', path, { token: f.tokens.OW, body: { result: [] } })
    expect(made.status).toBe(201)
    await f.req('DELETE', `/api/annotations/${made.body.id}/`, { token: f.tokens.OW })
    const next = await f.req('POST', path, { token: f.tokens.OW, body: { result: [] } })
    expect(next.body.id).toBeGreaterThan(made.body.id)
  })

  it('DELETE /api/projects/{id}/ of the newest project, then POST /api/projects/: a new id', async () => {
    const made = await f.req('POST', '/api/projects/', { token: f.tokens.OW, body: { title: 'N' } })
    expect(made.status).toBe(201)
    expect(
      (await f.req('DELETE', `/api/projects/${made.body.id}/`, { token: f.tokens.OW })).status,
    ).toBe(204)
    const next = await f.req('POST', '/api/projects/', { token: f.tokens.OW, body: { title: 'M' } })
    expect(next.body.id).toBeGreaterThan(made.body.id)
  })

  it('predictions and reviews: the newest deleted, the next gets a new id', async () => {
    const p1 = f.engine.predictions.create(f.owner, f.tA, { result: [] }).id
    f.deps.db.prepare('DELETE FROM predictions WHERE id = ?').run(p1)
    const p2 = f.engine.predictions.create(f.owner, f.tA, { result: [] }).id
    expect(p2).toBeGreaterThan(p1)

    const r1 = f.engine.reviews.create(f.owner, f.aA, { action: 'accepted' }).id
    f.deps.db.prepare('DELETE FROM reviews WHERE id = ?').run(r1)
    const r2 = f.engine.reviews.create(f.owner, f.aA, { action: 'rejected' }).id
    expect(r2).toBeGreaterThan(r1)
  })
})

/** A schema-6 file with an organization, work, tokens and a logged history. */
function version6File(path: string) {
  const db = openDatabase(path, { migrate: false })
  migrate(db, migrations.slice(0, 6))
  const clock = testClock()
  const engine = createEngine({ db, now: clock.now, randomBytes: seededRandom() })
  const owner = engine.organization.ensure({ title: 'Acme', ownerEmail: 'owner@acme.test' })
  const ws = engine.workspaces.create(owner, { title: 'W' })
  const projects = [1, 2, 3].map(
    (i) => engine.projects.create(owner, { title: `P${i}`, workspaceId: ws.id }).id,
  )
  for (const p of projects) {
    for (let i = 0; i < 5; i++) {
      const taskId = engine.tasks.create(owner, p, { text: `t${i}` }).task.id
      const a = engine.annotations.create(owner, taskId, { result: [{ v: i }], lead_time: i + 1 })
      engine.predictions.create(owner, taskId, { result: [], score: 0.5 })
      engine.reviews.create(owner, a.annotation.id, { action: i % 2 ? 'accepted' : 'rejected' })
    }
  }
  engine.tokens.issue(owner.userId, owner.organizationId)
  // The newest project is deleted before the upgrade; the log still names it.
  engine.projects.remove(owner, projects[2]!)
  return { db, deletedProject: projects[2]! }
}

const counts = (db: Db) =>
  Object.fromEntries(
    db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
      )
      .all()
      .map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]),
  )

describe('migration 7 (autoincrement ids) on a schema-6 file with data', () => {
  it('keeps every row, the foreign keys, indexes, triggers and the activity chain', async () => {
    const path = tempPath()
    const { db, deletedProject } = version6File(path)
    const before = counts(db)
    const indexes = db
      .prepare("SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name")
      .pluck()
      .all()
    const chainBefore = await verifyChain(createRepos(db).activity)
    expect(chainBefore.intact).toBe(true)
    expect(chainBefore.checked).toBeGreaterThan(3)
    db.close()

    const upgraded = openDatabase(path)
    expect(schemaVersion(upgraded)).toBe(migrations.length)
    expect(checkSchema(upgraded)).toEqual({ ok: true })
    expect(upgraded.pragma('foreign_key_check')).toEqual([])
    expect(upgraded.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(upgraded.pragma('integrity_check', { simple: true })).toBe('ok')
    // Every row as it was; tables and columns that later migrations add are not this
    // migration's concern.
    const kept = Object.fromEntries(
      Object.entries(counts(upgraded))
        .filter(([table]) => table in before)
        .map(([table, rows]) => [
          table,
          (rows as Record<string, unknown>[]).map((row, i) => {
            const was = (before[table]?.[i] ?? {}) as Record<string, unknown>
            return Object.fromEntries(
              Object.keys(row)
                .filter((k) => k in was)
                .map((k) => [k, row[k]]),
            )
          }),
        ]),
    )
    expect(kept).toEqual(before)
    expect(
      upgraded
        .prepare("SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name")
        .pluck()
        .all(),
    ).toEqual(expect.arrayContaining(indexes))
    const repos = createRepos(upgraded)
    const chain = await verifyChain(repos.activity)
    expect(chain).toMatchObject({ intact: true, checked: chainBefore.checked })

    // The performance triggers still run: a new annotation is counted.
    const after = createEngine({
      db: upgraded,
      now: testClock().now,
      randomBytes: seededRandom('2'),
    })
    const owner = after.organization.ensure({ title: 'Acme', ownerEmail: 'owner@acme.test' })
    const hourly = () =>
      upgraded.prepare('SELECT total(submitted) FROM perf_ann_hourly').pluck().get() as number
    const submitted = hourly()
    const anyTask = upgraded.prepare('SELECT id FROM tasks LIMIT 1').pluck().get() as number
    after.annotations.create(owner, anyTask, {
      result: [],
    })
    expect(hourly()).toBe(submitted + 1)

    // The project deleted before the upgrade keeps its id: the next project gets a higher one.
    const next = after.projects.create(owner, { title: 'After the upgrade' })
    expect(next.id).toBeGreaterThan(deletedProject)
    upgraded.close()
  })
})
