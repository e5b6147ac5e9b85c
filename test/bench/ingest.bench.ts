/**
 * Activity ingest (issue 8 §2): sustained recorded requests per second with the durability
 * promise of DESIGN §6 kept, on a file database in WAL that already holds entries.
 *
 * The target row is what the API does for every request it records (src/main/api/recording.ts):
 * `engine.activity.apiBatched()` from 50 concurrent callers, each awaiting the commit of its own
 * entry (group commit: the entries of one event-loop turn share one transaction). Baseline:
 * plain INSERTs of the same rows, without the hash chain, grouped the same way, on a copy of the
 * same database. Alongside, for information: one caller committing each entry alone through
 * `engine.activity.api()` (the path of sign-ins and admin changes, never of API requests),
 * against one autocommit INSERT per row.
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase, type Db } from '../../src/main/db/open'
import { defaultDeps } from '../../src/main/engine/deps'
import { createEngine, type Engine } from '../../src/main/engine/engine'
import { cachedActivityDb } from './lib/activity-data'
import { settle, throughput } from './lib/measure'
import type { BenchRow, BenchSuite } from './types'

type ApiEntry = Parameters<Engine['activity']['api']>[0]

const TARGET = 15_000

function entry(i: number, orgId: number): ApiEntry {
  return {
    organization_id: orgId,
    actor_id: 2 + (i % 14),
    actor_email: `pipeline-${i % 14}@service-accounts.tessera.local`,
    token_id: 1 + (i % 8),
    ip: '127.0.0.1',
    user_agent: 'label-studio-sdk/1.0.8',
    method: i % 5 === 0 ? 'POST' : 'GET',
    url: `/api/projects/${1 + (i % 20)}/tasks/?page=${1 + (i % 40)}`,
    status: i % 50 === 0 ? 404 : 200,
    duration_ms: 1 + (i % 17) / 10,
    project_id: 1 + (i % 20),
    workspace_id: 1 + (i % 4),
    details: null,
  }
}

/** The same row as a bare INSERT: no chain head read, constant hashes, autocommit. */
function bareInserter(db: Db) {
  const cols = db
    .prepare<[], { name: string; notnull: number; pk: number }>(
      'PRAGMA table_info(activity_entries)',
    )
    .all()
    .filter((c) => !c.pk)
  const stmt = db.prepare(
    `INSERT INTO activity_entries (${cols.map((c) => c.name).join(', ')}) VALUES (${cols.map((c) => '@' + c.name).join(', ')})`,
  )
  const zero = Buffer.alloc(32)
  const blank = Object.fromEntries(cols.map((c) => [c.name, null]))
  return (e: ApiEntry, ts: number) =>
    stmt.run({ ...blank, ...e, ts, kind: 'api', prev_hash: zero, hash: zero })
}

/** n operations by `callers` concurrent async callers, each awaiting its own; ops per second. */
async function concurrently(n: number, callers: number, op: (i: number) => Promise<unknown>) {
  let next = 0
  const t = performance.now()
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < n) await op(next++)
    }),
  )
  return n / ((performance.now() - t) / 1000)
}

const CALLERS = 50

export const run: BenchSuite = async ({ quick, workDir }) => {
  const existing = quick ? 100_000 : 1_000_000
  const n = quick ? 20_000 : 200_000
  const source = cachedActivityDb(existing)
  const enginePath = join(workDir, 'ingest.db')
  const barePath = join(workDir, 'bare.db')
  copyFileSync(source, enginePath)
  copyFileSync(source, barePath)

  const bareDb = openDatabase(barePath)
  const bare = bareInserter(bareDb)
  const orgId = (bareDb.prepare('SELECT min(id) AS id FROM organizations').get() as { id: number })
    .id
  const db = openDatabase(enginePath)
  const engine = createEngine(defaultDeps(db))
  const at = (i: number) => entry(i, orgId)

  // Warm both paths (JIT, statement cache, page cache), then measure each in turn.
  for (let i = 0; i < 2_000; i++) bare(at(i), Date.now())
  for (let i = 0; i < 2_000; i++) engine.activity.api(at(i))
  // Alternate the two in rounds so a checkpoint, or a burst of other work on the machine,
  // falls on both rather than on whichever ran second.
  const rounds = 4
  const per = Math.ceil(n / rounds)
  const elapsed = { bare: 0, chain: 0 }
  for (let r = 0; r < rounds; r++) {
    settle()
    elapsed.bare += per / throughput(per, (i) => bare(at(r * per + i), Date.now()))
    settle()
    elapsed.chain += per / throughput(per, (i) => engine.activity.api(at(r * per + i)))
  }
  const baseline = (rounds * per) / elapsed.bare
  const figure = (rounds * per) / elapsed.chain

  // The same rows from 50 concurrent callers (50 requests in flight), each awaiting its own
  // commit; baseline = plain INSERTs grouped the same way (one transaction per event-loop turn).
  let group: ApiEntry[] = []
  let done: Promise<void> | null = null
  const insertGroup = bareDb.transaction((es: ApiEntry[]) => es.forEach((e) => bare(e, Date.now())))
  const bareBatched = (e: ApiEntry) => {
    group.push(e)
    done ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        const g = group
        group = []
        done = null
        insertGroup.immediate(g)
        resolve()
      }),
    )
    return done
  }
  const batched = (e: ApiEntry) => engine.activity.apiBatched(e)
  await concurrently(2_000, CALLERS, (i) => bareBatched(at(i)))
  await concurrently(2_000, CALLERS, (i) => batched(at(i)))
  const took = { bare: 0, chain: 0 }
  for (let r = 0; r < rounds; r++) {
    settle()
    took.bare += per / (await concurrently(per, CALLERS, (i) => bareBatched(at(r * per + i))))
    settle()
    took.chain += per / (await concurrently(per, CALLERS, (i) => batched(at(r * per + i))))
  }
  const groupBaseline = (rounds * per) / took.bare
  const groupFigure = (rounds * per) / took.chain

  // Refused requests as the API records them now: through the summarizer (the first 10 per key
  // and minute are entries, the rest counted), against every one as an entry (today's cost).
  const refusal = (i: number) => ({
    organizationId: orgId,
    ip: '10.0.0.9',
    fingerprint: 'deadbeef0000',
    status: 401,
    method: 'GET',
    route: '/api/projects',
    reason: 'unauthenticated' as const,
    userAgent: 'flood/1.0',
    actorId: null,
    actorEmail: null,
    tokenId: null,
    entry: (ts: number) => ({
      ...at(i),
      ts,
      kind: 'api' as const,
      action: null,
      target_user_id: null,
    }),
  })
  settle()
  const refusals = rounds * per
  const refusedRate = await concurrently(refusals, CALLERS, (i) =>
    engine.activity.refused(refusal(i)),
  )
  engine.activity.flushRefusals(true)
  settle()
  const individualRate = await concurrently(refusals, CALLERS, (i) =>
    batched({ ...at(i), status: 401 }),
  )

  const existingText = existing.toLocaleString('en-US')
  const rows: BenchRow[] = [
    {
      name: `ingest: recorded requests, ${CALLERS} concurrent callers, group commit`,
      figure: groupFigure,
      unit: 'entries/s',
      baseline: groupBaseline,
      target: `≥ ${TARGET.toLocaleString('en-US')}/s`,
      pass: groupFigure >= TARGET,
      note:
        "engine.activity.apiBatched() as the API records every request, each caller awaiting its entry's commit; " +
        `${n.toLocaleString('en-US')} appends onto ${existingText} entries, file DB in WAL; ` +
        'baseline = plain INSERTs of the same rows, no hash chain, grouped the same way',
    },
    {
      name: 'ingest: one caller, one commit per entry (sign-in / admin path)',
      figure,
      unit: 'entries/s',
      baseline,
      pass: null,
      note:
        'engine.activity.api(), one IMMEDIATE transaction per entry: the API never commits a request alone ' +
        '(only sign-ins and admin changes take this path); baseline = plain INSERT of the same row, autocommit, no hash chain',
    },
    {
      name: `ingest: refused requests, ${CALLERS} concurrent callers, summarized`,
      figure: refusedRate,
      unit: 'requests/s',
      baseline: individualRate,
      target: '≥ 1× baseline',
      pass: refusedRate >= individualRate,
      note:
        'engine.activity.refused() (one key: 10 entries, the rest counted into one summary); ' +
        'baseline = the same refusals each recorded as its own entry (apiBatched, group commit)',
    },
  ]
  bareDb.close()
  db.close()
  return rows
}
