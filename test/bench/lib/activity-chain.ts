import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { openDatabase, type Db } from '../../../src/main/db/open'
import { ensurePlannerStats } from '../../../src/main/db/planner-stats'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { ENTRY_FIELDS, GENESIS_HASH, entryHash } from '../../../src/main/engine/activity/chain'
import { searchIndex } from '../../../src/main/engine/activity/search-index'
import { schemaKey, seedOrganization } from './activity-data'

const DAY = 24 * 60 * 60 * 1000

/** Who and what the generated traffic is about; the bench draws its filter values from it. */
export interface ChainWorld {
  orgId: number
  ownerId: number
  actors: { id: number; email: string; tokenId: number | null; service: boolean }[]
  projects: { id: number; workspaceId: number | null }[]
}

export function worldOf(db: Db): ChainWorld {
  const org = db.prepare('SELECT id, created_by FROM organizations ORDER BY id LIMIT 1').get() as {
    id: number
    created_by: number
  }
  const actors = db
    .prepare(
      `SELECT u.id, u.email, u.kind = 'service' AS service,
        (SELECT max(t.id) FROM api_tokens t WHERE t.user_id = u.id) AS tokenId
       FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? ORDER BY u.id`,
    )
    .all(org.id) as { id: number; email: string; tokenId: number | null; service: number }[]
  const projects = db
    .prepare(
      'SELECT id, workspace_id AS workspaceId FROM projects WHERE organization_id = ? ORDER BY id',
    )
    .all(org.id) as ChainWorld['projects']
  return {
    orgId: org.id,
    ownerId: org.created_by,
    actors: actors.map((a) => ({ ...a, service: a.service === 1 })),
    projects,
  }
}

/** xorshift32: fast, deterministic. */
function random(seed: number) {
  let x = seed || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

const METHODS = [
  'GET',
  'GET',
  'GET',
  'GET',
  'GET',
  'GET',
  'POST',
  'POST',
  'PATCH',
  'DELETE',
] as const

/**
 * Appends `count` entries with a valid hash chain (each hashed by the engine's own entryHash),
 * spread evenly over `days` ending at `endTs`: service accounts make most of the traffic, 0.5 %
 * are admin actions by the owner on a member, statuses are mostly 2xx. Secondary indexes are
 * dropped first and rebuilt after (one sorted build each instead of 10 M random inserts), rows
 * go in id order, 1 000 000 per transaction, bound by position (named parameters cost a
 * property lookup per column per row, which at 10 M rows is most of the insert time).
 */
export function fillChain(
  db: Db,
  world: ChainWorld,
  count: number,
  endTs: number,
  days = 180,
  step: (what: string) => void = () => {},
): void {
  const r = random(0x5eed)
  const span = days * DAY
  const head = db
    .prepare('SELECT id, hash FROM activity_entries ORDER BY id DESC LIMIT 1')
    .get() as { id: number; hash: Buffer } | undefined
  let prevHash = head?.hash ?? GENESIS_HASH
  const first = (head?.id ?? 0) + 1
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activity_entries' AND sql IS NOT NULL`,
    )
    .all() as { name: string; sql: string }[]
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`)
  const insert = db.prepare(
    `INSERT INTO activity_entries (${[...ENTRY_FIELDS, 'prev_hash', 'hash'].join(', ')})
     VALUES (${[...ENTRY_FIELDS, 'prev_hash', 'hash'].map(() => '?').join(', ')})`,
  )
  const services = world.actors.filter((a) => a.service)
  const people = world.actors.filter((a) => !a.service)
  const owner = world.actors.find((a) => a.id === world.ownerId)!
  const batch = db.transaction((from: number, to: number) => {
    for (let id = from; id <= to; id++) {
      const ts = Math.floor(endTs - span + ((id - first + 1) * span) / count)
      const x = r()
      let row: Omit<ActivityRow, 'hash'>
      if (x < 0.005) {
        const target = world.actors[Math.floor(r() * world.actors.length)]!
        row = {
          id,
          organization_id: world.orgId,
          ts,
          kind: 'admin',
          actor_id: owner.id,
          actor_email: owner.email,
          token_id: null,
          ip: null,
          user_agent: null,
          method: null,
          url: null,
          status: null,
          duration_ms: null,
          project_id: null,
          workspace_id: null,
          action: r() < 0.5 ? 'service_account.change_role' : 'service_account.reset_token',
          target_user_id: target.id,
          details: '{"role":"AN"}',
          prev_hash: prevHash,
        }
      } else {
        const actor =
          r() < 0.8
            ? services[Math.floor(r() * services.length)]!
            : people[Math.floor(r() * people.length)]!
        const method = METHODS[Math.floor(r() * METHODS.length)]!
        const p = r() < 0.8 ? world.projects[Math.floor(r() * world.projects.length)]! : null
        const y = Math.floor(r() * 1e6)
        const s = r()
        const url = !p
          ? y % 2
            ? '/api/current-user/whoami'
            : `/api/projects/?page=${1 + (y % 5)}`
          : method === 'GET'
            ? `/api/projects/${p.id}/tasks/?page=${1 + (y % 40)}`
            : method === 'POST' && y % 2
              ? `/api/projects/${p.id}/import`
              : `/api/tasks/${y % 100000}/annotations/`
        row = {
          id,
          organization_id: world.orgId,
          ts,
          kind: 'api',
          actor_id: actor.id,
          actor_email: actor.email,
          token_id: actor.tokenId,
          ip: '127.0.0.1',
          user_agent: y % 3 ? 'label-studio-sdk/1.0.8' : 'curl/8.5.0',
          method,
          url,
          status: s < 0.9 ? 200 : s < 0.91 ? 302 : s < 0.99 ? 404 : 500,
          duration_ms: Math.round(r() * 2000) / 10,
          project_id: p?.id ?? null,
          workspace_id: p?.workspaceId ?? null,
          action: null,
          target_user_id: null,
          details: null,
          prev_hash: prevHash,
        }
      }
      const hash = entryHash(row)
      insert.run(...ENTRY_FIELDS.map((field) => row[field]), row.prev_hash, hash)
      prevHash = hash
    }
  })
  const last = first + count - 1
  const chunk = 1_000_000
  for (let from = first; from <= last; from += chunk) batch(from, Math.min(last, from + chunk - 1))
  step('rows')
  for (const ix of indexes) db.exec(ix.sql)
  step(`${indexes.length} indexes`)
  // The generated entries stand for a log written before the Merkle tree (a SHA-256 chain, as
  // every install had): the tree begins after them, as on an upgraded installation.
  db.prepare('UPDATE activity_tree_state SET tree_base = max(tree_base, ?)').run(last)
}

/**
 * The seed's own admin entries carry the wall-clock time; move them before the generated span
 * (re-hashing the chain) so the oldest entries really are the oldest, as retention expects.
 */
function backdateSeed(db: Db, ts: number): void {
  const rows = db.prepare('SELECT * FROM activity_entries ORDER BY id').all() as ActivityRow[]
  const update = db.prepare(
    'UPDATE activity_entries SET ts = ?, prev_hash = ?, hash = ? WHERE id = ?',
  )
  let prev: Buffer = GENESIS_HASH
  db.transaction(() => {
    for (const r of rows) {
      const hash = entryHash({ ...r, ts, prev_hash: prev })
      update.run(ts, prev, hash, r.id)
      prev = hash
    }
  })()
}

/**
 * Brings the URL search index up to the newest entry with the background job's own step, in
 * large chunks (nothing else uses the file meanwhile). Returns entries indexed per second.
 */
export function indexSearch(db: Db): { ids: number; perS: number } {
  const index = searchIndex(db)
  const started = performance.now()
  let ids = 0
  for (let r = index.step(50_000); ; r = index.step(50_000)) {
    ids += r.ids
    if (!r.pending) break
  }
  return { ids, perS: ids / ((performance.now() - started) / 1000 || 1) }
}

/**
 * A database of `count` chained entries, built once per schema and size under
 * os.tmpdir()/tessera-bench-cache, its URL search index complete (as the background indexer
 * leaves it). Callers that write to it must copy it first. The build works on a scratch file
 * renamed into place at the end, so it runs without a journal or fsync and with a large page
 * cache and two sorter threads for the index builds; the file is left in WAL, as the app
 * leaves it. Prints how long each step took, and keeps it beside the file (see chainBuildInfo).
 */
export function cachedChainDb(count: number, endTs: number): string {
  const dir = join(os.tmpdir(), 'tessera-bench-cache')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `activity-chain-${schemaKey()}-${count}.db`)
  if (existsSync(path)) return path
  const tmp = `${path}.building-${process.pid}`
  const clean = () => ['', '-wal', '-shm'].forEach((s) => rmSync(tmp + s, { force: true }))
  clean()
  const db = openDatabase(tmp)
  const steps: string[] = []
  const begun = performance.now()
  let t = begun
  const step = (what: string) => {
    const now = performance.now()
    steps.push(`${what} ${((now - t) / 1000).toFixed(1)} s`)
    t = now
  }
  try {
    db.pragma('journal_mode = OFF')
    db.pragma('synchronous = OFF')
    db.pragma('cache_size = -1048576')
    db.pragma('threads = 2')
    seedOrganization(db)
    backdateSeed(db, endTs - 181 * DAY)
    fillChain(db, worldOf(db), count, endTs, 180, step)
    const built = indexSearch(db)
    step(`search index (${Math.round(built.perS).toLocaleString('en')} entries/s)`)
    // The planner statistics a user's database gets (Tessera never runs a full ANALYZE).
    ensurePlannerStats(db)
    step('planner statistics')
    db.pragma('journal_mode = WAL')
    db.close()
  } catch (err) {
    db.close()
    clean()
    throw err
  }
  renameSync(tmp, path)
  clean()
  const info: ChainBuildInfo = { seconds: (performance.now() - begun) / 1000, steps }
  writeFileSync(`${path}.json`, JSON.stringify(info))
  console.log(`  chained ${count.toLocaleString('en')}-entry database built: ${steps.join(', ')}`)
  return path
}

export interface ChainBuildInfo {
  /** Wall time of the whole build. */
  seconds: number
  /** Each step and its time, e.g. 'rows 61.2 s'. */
  steps: string[]
}

/** How long the cached database at `path` took to build, when that was recorded. */
export function chainBuildInfo(path: string): ChainBuildInfo | null {
  try {
    return JSON.parse(readFileSync(`${path}.json`, 'utf8')) as ChainBuildInfo
  } catch {
    return null
  }
}
