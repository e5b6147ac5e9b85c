import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { openDatabase, type Db } from '../../../src/main/db/open'
import { ensurePlannerStats } from '../../../src/main/db/planner-stats'
import { migrations } from '../../../src/main/db/migrations'
import { defaultDeps } from '../../../src/main/engine/deps'
import { createEngine } from '../../../src/main/engine/engine'
import { searchIndex } from '../../../src/main/engine/activity/search-index'

const DAY = 24 * 60 * 60 * 1000

/** A fingerprint of the schema the migrations build; cached databases are keyed by it. */
export function schemaKey(): string {
  const h = createHash('sha256')
  for (const m of migrations) h.update(`${m.version}:${m.name}:${m.up.toString()}\n`)
  return `v${migrations.length}-${h.digest('hex').slice(0, 10)}`
}

export interface ActivityFill {
  /** How many entries to add. */
  count: number
  organizationId: number
  /** The newest entry's time; entries are spread evenly over `days` (170, inside the default retention) before it. */
  endTs?: number
  days?: number
}

/**
 * Adds `count` realistic API entries in one SQL statement per million rows (a recursive CTE;
 * no JavaScript per row): actors and tokens drawn from the organization's members, a mix of
 * methods, Label Studio URLs with project ids, mostly-2xx statuses, long-tailed durations.
 * Secondary indexes on activity_entries are dropped first and rebuilt after (a sorted index
 * build is many times faster than 10 M random index inserts). The hash chain is not valid
 * (hashes are random): these rows exist to be found, counted, paged and exported, not verified.
 */
export function fillActivity(db: Db, fill: ActivityFill): void {
  const endTs = fill.endTs ?? Date.now()
  const span = (fill.days ?? 170) * DAY
  const step = span / Math.max(1, fill.count)
  const saved = db.pragma('cache_size', { simple: true })
  db.pragma('cache_size = -262144')
  db.exec(`
    DROP TABLE IF EXISTS temp.bench_actors;
    CREATE TEMP TABLE bench_actors (idx INTEGER PRIMARY KEY, user_id INTEGER, email TEXT, token_id INTEGER);
    INSERT INTO temp.bench_actors (user_id, email, token_id)
      SELECT u.id, u.email, (SELECT max(t.id) FROM api_tokens t WHERE t.user_id = u.id)
      FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organization_id = ${Number(fill.organizationId)} ORDER BY u.id;
    DROP TABLE IF EXISTS temp.bench_projects;
    CREATE TEMP TABLE bench_projects (idx INTEGER PRIMARY KEY, project_id INTEGER, workspace_id INTEGER);
    INSERT INTO temp.bench_projects (project_id, workspace_id)
      SELECT id, workspace_id FROM projects WHERE organization_id = ${Number(fill.organizationId)} ORDER BY id;
  `)
  const actors = Math.max(
    1,
    (db.prepare('SELECT count(*) AS n FROM temp.bench_actors').get() as { n: number }).n,
  )
  const projects = (
    db.prepare('SELECT count(*) AS n FROM temp.bench_projects').get() as { n: number }
  ).n

  const indexes = db
    .prepare<
      [],
      { name: string; sql: string }
    >(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activity_entries' AND sql IS NOT NULL`)
    .all()
  const first =
    ((db.prepare('SELECT max(id) AS m FROM activity_entries').get() as { m: number | null }).m ??
      0) + 1

  const insert = db.prepare(`
    WITH RECURSIVE c(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM c WHERE i < @to),
    r AS MATERIALIZED (SELECT i, abs(random()) AS x, abs(random()) AS y FROM c)
    INSERT INTO activity_entries (id, organization_id, ts, kind, actor_id, actor_email, token_id, ip,
      user_agent, method, url, status, duration_ms, project_id, workspace_id, action, target_user_id,
      details, prev_hash, hash)
    SELECT r.i, @org, CAST(@endTs - (@last - r.i) * @step AS INTEGER), 'api', a.user_id, a.email, a.token_id,
      '127.0.0.1',
      CASE x % 3 WHEN 0 THEN 'label-studio-sdk/1.0.8' WHEN 1 THEN 'python-requests/2.32.3' ELSE 'curl/8.5.0' END,
      m.method,
      CASE WHEN p.project_id IS NULL THEN '/api/current-user/whoami'
        WHEN m.method = 'GET' AND y % 3 = 0 THEN '/api/projects/' || p.project_id || '/tasks/?page=' || (1 + y % 40)
        WHEN m.method = 'GET' AND y % 3 = 1 THEN '/api/projects/' || p.project_id
        WHEN m.method = 'GET' THEN '/api/projects/?page=' || (1 + y % 5)
        WHEN m.method = 'POST' AND y % 2 = 0 THEN '/api/projects/' || p.project_id || '/import'
        ELSE '/api/tasks/' || (y % 100000) || '/annotations/' END,
      CASE WHEN y % 100 < 90 THEN (CASE m.method WHEN 'POST' THEN 201 WHEN 'DELETE' THEN 204 ELSE 200 END)
        WHEN y % 100 < 94 THEN 400 WHEN y % 100 < 96 THEN 403 WHEN y % 100 < 99 THEN 404 ELSE 500 END,
      round(0.5 + (x % 1000) * (x % 1000) / 20000.0, 2),
      p.project_id, p.workspace_id, NULL, NULL, NULL, randomblob(32), randomblob(32)
    FROM r
    JOIN temp.bench_actors a ON a.idx = 1 + (r.x / 7) % @actors
    JOIN (SELECT 0 AS k, 'GET' AS method UNION ALL SELECT 1, 'GET' UNION ALL SELECT 2, 'GET'
          UNION ALL SELECT 3, 'GET' UNION ALL SELECT 4, 'GET' UNION ALL SELECT 5, 'GET'
          UNION ALL SELECT 6, 'POST' UNION ALL SELECT 7, 'POST' UNION ALL SELECT 8, 'PATCH'
          UNION ALL SELECT 9, 'DELETE') m ON m.k = r.x % 10
    LEFT JOIN temp.bench_projects p ON p.idx = 1 + (r.y / 11) % @projects
  `)

  const last = first + fill.count - 1
  db.transaction(() => {
    for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`)
  })()
  const chunk = 1_000_000
  for (let from = first; from <= last; from += chunk) {
    const to = Math.min(last, from + chunk - 1)
    db.transaction(() =>
      insert.run({
        from,
        to,
        org: fill.organizationId,
        endTs,
        last,
        step,
        actors,
        projects: Math.max(1, projects),
      }),
    )()
  }
  db.transaction(() => {
    for (const ix of indexes) db.exec(ix.sql)
  })()
  db.exec('DROP TABLE temp.bench_actors; DROP TABLE temp.bench_projects')
  // The generated rows stand for a log from before the Merkle tree (whose hashes are not a real
  // chain either): the tree begins after them, as on an upgraded installation.
  db.prepare('UPDATE activity_tree_state SET tree_base = max(tree_base, ?)').run(last)
  db.pragma(`cache_size = ${saved}`)
}

/**
 * A database with one organization (an owner, a few people and service accounts, workspaces and
 * projects) and `count` activity entries, built once per schema and size and kept under
 * os.tmpdir()/tessera-bench-cache, since 10 M rows take a while to write. Returns its path.
 * Callers that write to it must copy it first.
 */
export function cachedActivityDb(count: number, build?: (db: Db) => number): string {
  const dir = join(os.tmpdir(), 'tessera-bench-cache')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `activity-${schemaKey()}-${count}.db`)
  if (existsSync(path)) return path
  const tmp = `${path}.building-${process.pid}`
  const clean = () => ['', '-wal', '-shm'].forEach((s) => rmSync(tmp + s, { force: true }))
  clean()
  const db = openDatabase(tmp)
  try {
    const orgId = build ? build(db) : seedOrganization(db)
    // A scratch file until it is renamed into place: no journal, no fsync while bulk loading
    // (index builds over 10 M rows would otherwise pass every page through the WAL).
    db.pragma('journal_mode = OFF')
    db.pragma('synchronous = OFF')
    fillActivity(db, { count, organizationId: orgId })
    if (count <= 2_000_000) catchUpSearchIndex(db)
    db.pragma('journal_mode = WAL')
    db.pragma('wal_checkpoint(TRUNCATE)')
    // The planner statistics a user's database gets (Tessera never runs a full ANALYZE).
    ensurePlannerStats(db)
    db.close()
  } catch (err) {
    db.close()
    clean()
    throw err
  }
  renameSync(tmp, path)
  clean()
  return path
}

/**
 * Fills the URL search index (when the schema has one) the way its background job would, so
 * the UI and API meet a log in its steady state rather than one still being indexed. Skipped for
 * the 10 M start-up database, whose benchmark opens it and reads nothing.
 */
export function catchUpSearchIndex(db: Db): void {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'activity_search_state'").get()
  if (!has) return
  const index = searchIndex(db)
  while (index.step(100_000).pending) {
    // one transaction per 100,000 entries
  }
}

/**
 * A small organization built through the engine (so it follows whatever the schema is today):
 * an owner, six people, eight service accounts with tokens, four workspaces of five projects.
 * Returns the organization id.
 */
export function seedOrganization(db: Db): number {
  const engine = createEngine(defaultDeps(db))
  const owner = engine.organization.ensure({
    title: 'Acme Labeling',
    ownerEmail: 'owner@acme.test',
  })
  db.prepare(
    'UPDATE organizations SET service_account_quota = 100, seat_limit = 100 WHERE id = ?',
  ).run(owner.organizationId)
  const projects: number[] = []
  for (let w = 0; w < 4; w++) {
    const ws = engine.workspaces.create(owner, { title: `Workspace ${w + 1}` })
    for (let p = 0; p < 5; p++) {
      projects.push(
        engine.projects.create(owner, { title: `Project ${w * 5 + p + 1}`, workspaceId: ws.id }).id,
      )
    }
  }
  const roles = ['AD', 'MA', 'RE', 'AN', 'AN', 'AN'] as const
  roles.forEach((role, i) =>
    engine.people.addPerson(owner, { email: `person${i}@acme.test`, role }),
  )
  for (let i = 0; i < 8; i++) {
    const role = i % 2 ? 'AN' : 'AD'
    engine.serviceAccounts.create(owner, {
      name: `pipeline ${i}`,
      role,
      projectIds: role === 'AD' ? [] : [projects[i % projects.length]!],
    })
  }
  return owner.organizationId
}
