/**
 * The activity log's proofs: what the keyed chain and the Merkle tree cost the recorder, how fast
 * an inclusion proof comes from the stored subtrees, and how close a full verify comes to the
 * machine's SHA-256 throughput.
 *
 * - Ingest: 50 concurrent callers through apiBatched (the API's path), keyed HMAC chain + tree +
 *   signed checkpoints, against the plain SHA-256 chain of before (the recorder without the
 *   tree), on two copies of one database, interleaved rounds. Target ≥ 0.95×.
 * - Proof p95: `prove(id)` for random entries of a log of N keyed entries (1 M; 10 M with
 *   --size xl; 100 k with --quick). Target ≤ 200 ms.
 * - Verify: a full verify (HMAC chain, tree rebuilt, checkpoints) in entries/s, against the
 *   machine's SHA-256 throughput measured in the same run, converted to entries/s for the bytes
 *   a verify must hash per entry (the physical limit of the check).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { hash } from 'node:crypto'
import os from 'node:os'
import { join } from 'node:path'
import { openDatabase, type Db } from '../../src/main/db/open'
import { activityProofsRepo } from '../../src/main/db/repos/activity-proofs.repo'
import { activityRepo, type ActivityInsert } from '../../src/main/db/repos/activity.repo'
import { entryContent } from '../../src/main/engine/activity/chain'
import {
  generateLogKeys,
  parseLogKeys,
  serializeLogKeys,
} from '../../src/main/engine/activity/log-keys'
import { logWriter } from '../../src/main/engine/activity/log-writer'
import { activityRecorder } from '../../src/main/engine/activity/recorder'
import { activityTree } from '../../src/main/engine/activity/tree'
import { writeFileSync } from 'node:fs'
import { defaultDeps } from '../../src/main/engine/deps'
import { createEngine } from '../../src/main/engine/engine'
import { cachedActivityDb, schemaKey } from './lib/activity-data'
import { median, percentile, settle } from './lib/measure'
import type { BenchRow, BenchSuite } from './types'

const CALLERS = 50

function entry(i: number, orgId: number): ActivityInsert {
  return {
    organization_id: orgId,
    ts: Date.now(),
    kind: 'api',
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
    action: null,
    target_user_id: null,
    details: null,
  }
}

async function concurrently(n: number, op: (i: number) => Promise<unknown>) {
  let next = 0
  const t = performance.now()
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (next < n) await op(next++)
    }),
  )
  return n / ((performance.now() - t) / 1000)
}

const benchKeys = () =>
  generateLogKeys((n) => hash('sha256', `bench-key-${n}`, 'buffer').subarray(0, n))

/** A log of `count` keyed entries with its tree, built once per schema and size (cached). */
function cachedProofsDb(count: number): { path: string; keyText: string } {
  const dir = join(os.tmpdir(), 'tessera-bench-cache')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `proofs-${schemaKey()}-${count}.db`)
  if (existsSync(path) && existsSync(`${path}.key`))
    return { path, keyText: readFileSync(`${path}.key`, 'utf8') }
  const tmp = `${path}.building-${process.pid}`
  const keys = benchKeys()
  const db = openDatabase(tmp)
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  const engine = createEngine({ ...defaultDeps(db), logKeys: keys })
  const owner = engine.organization.ensure()
  const entries = activityRepo(db)
  const proofs = activityProofsRepo(db)
  const writer = logWriter(proofs, activityTree(proofs), keys, null, Date.now)
  const bulk = db.transaction((from: number, n: number) => {
    const head = entries.head()!
    const batch = writer.begin(head, false)
    let id = head.id
    let prev = head.hash
    for (let i = 0; i < n; i++) {
      const base = { ...entry(from + i, owner.organizationId), id: ++id, prev_hash: prev }
      prev = batch.add(base)
      entries.insert({ ...base, hash: prev })
    }
    batch.commit()
  })
  for (let from = 0; from < count; from += 50_000) bulk(from, Math.min(50_000, count - from))
  engine.activityProofs.checkpointNow(owner)
  db.pragma('journal_mode = WAL')
  db.close()
  renameSync(tmp, path)
  writeFileSync(`${path}.key`, serializeLogKeys(keys), { mode: 0o600 })
  return { path, keyText: serializeLogKeys(keys) }
}

/** The p95 of `n` proofs of random entries, ms. */
function proofP95(engine: ReturnType<typeof createEngine>, db: Db, n: number): number {
  const owner = engine.organization.ensure()
  const head = (db.prepare('SELECT max(id) AS m FROM activity_entries').get() as { m: number }).m
  let seed = 12345
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
    const id = 1 + (seed % head)
    const t = performance.now()
    engine.activityProofs.prove(owner, id)
    times.push(performance.now() - t)
  }
  return percentile(times, 95)
}

/** SHA-256 bytes per second of this machine, one core, over 16 MiB. */
function sha256Throughput(): number {
  const buf = Buffer.alloc(16 * 1024 * 1024, 7)
  hash('sha256', buf)
  const t = performance.now()
  for (let i = 0; i < 8; i++) hash('sha256', buf)
  return (8 * buf.length) / ((performance.now() - t) / 1000)
}

export const run: BenchSuite = async ({ quick, xl: xlOption = false, workDir }) => {
  const xl = xlOption
  const existing = quick ? 100_000 : 1_000_000
  const n = quick ? 20_000 : 100_000
  const source = cachedActivityDb(existing)
  const keyedPath = join(workDir, 'keyed.db')
  const shaPath = join(workDir, 'sha.db')
  copyFileSync(source, keyedPath)
  copyFileSync(source, shaPath)
  const open = (p: string): Db => openDatabase(p)
  const dbK = open(keyedPath)
  const dbS = open(shaPath)
  const orgId = (dbK.prepare('SELECT min(id) AS id FROM organizations').get() as { id: number }).id
  const keyed = activityRecorder({ ...defaultDeps(dbK), logKeys: benchKeys() })
  const plain = activityRecorder(defaultDeps(dbS), undefined, { proofs: false })
  const at = (i: number) => entry(i, orgId)
  await concurrently(2_000, (i) => keyed.apiBatched(at(i)))
  await concurrently(2_000, (i) => plain.apiBatched(at(i)))
  const rounds = 5
  const per = Math.ceil(n / rounds)
  const ratios: number[] = []
  const took = { keyed: 0, plain: 0 }
  for (let r = 0; r < rounds; r++) {
    settle()
    const p = await concurrently(per, (i) => plain.apiBatched(at(r * per + i)))
    settle()
    const k = await concurrently(per, (i) => keyed.apiBatched(at(r * per + i)))
    took.plain += per / p
    took.keyed += per / k
    ratios.push(k / p)
  }
  keyed.close()
  plain.close()
  dbK.close()
  dbS.close()
  rmSync(shaPath, { force: true })
  const ingestKeyed = (rounds * per) / took.keyed
  const ingestPlain = (rounds * per) / took.plain

  // Proofs and verify over a log of keyed entries with its stored subtrees.
  const size = quick ? 100_000 : 1_000_000
  const built = cachedProofsDb(size)
  const proofPath = join(workDir, 'proofs.db')
  copyFileSync(built.path, proofPath)
  const db = open(proofPath)
  const engine = createEngine({ ...defaultDeps(db), logKeys: parseLogKeys(built.keyText) })
  // At 10 M the cached file is read in place (a proof of an entry under its newest checkpoint
  // writes nothing): a copy of 5 GB would cost more than the row.
  const xlSize = 10_000_000
  const xlBuilt = xl ? cachedProofsDb(xlSize) : null
  const xlDb = xlBuilt ? open(xlBuilt.path) : null
  const p95 = proofP95(engine, db, 300)
  const xlP95 = xlDb
    ? proofP95(
        createEngine({ ...defaultDeps(xlDb), logKeys: parseLogKeys(xlBuilt!.keyText) }),
        xlDb,
        300,
      )
    : null
  xlDb?.close()

  settle()
  const started = performance.now()
  const verified = await engine.activityLog.verify()
  const verifyRate = verified.checked / ((performance.now() - started) / 1000)
  if (!verified.intact) throw new Error(`the bench log does not verify: ${verified.message}`)
  // Bytes a verify hashes per entry: the HMAC (two pads, the previous hash and the content, the
  // inner hash), the leaf (0x00 and the content) and about one node (0x01 and two hashes).
  const sample = db.prepare('SELECT * FROM activity_entries ORDER BY id DESC LIMIT 1000').all()
  const contentBytes =
    sample.reduce((s: number, r) => s + Buffer.byteLength(entryContent(r as never)), 0) /
    sample.length
  const bytesPerEntry = 64 + 32 + contentBytes + 64 + 32 + 1 + contentBytes + 65
  const shaRate = sha256Throughput()
  const limit = shaRate / bytesPerEntry
  db.close()

  const sizeText = size.toLocaleString('en-US')
  const rows: BenchRow[] = [
    {
      name: `proofs: ingest with keyed chain + Merkle tree, ${CALLERS} callers, vs SHA-256 chain only`,
      figure: ingestKeyed,
      unit: 'entries/s',
      baseline: ingestPlain,
      ratios,
      target: '≥ 0.95× baseline',
      pass: median(ratios) >= 0.95,
      note:
        `apiBatched() onto ${existing.toLocaleString('en-US')} entries, ${n.toLocaleString('en-US')} appends in ${rounds} interleaved rounds; ` +
        'baseline = the same recorder with the plain SHA-256 chain and no tree (as before), on a copy of the same file',
    },
    {
      name: `proofs: inclusion proof of a random entry at ${sizeText} entries (p95)`,
      figure: p95,
      unit: 'ms',
      target: '≤ 200 ms',
      pass: p95 <= 200,
      note: `300 proofs from stored subtrees (256 leaves and up) and at most 255 entries each${xl ? '' : '; 10 M with npm run bench -- --size xl'}`,
    },
    ...(xlP95 === null
      ? []
      : [
          {
            name: 'proofs: inclusion proof of a random entry at 10,000,000 entries (p95)',
            figure: xlP95,
            unit: 'ms',
            target: '≤ 200 ms',
            pass: xlP95 <= 200,
            note: '300 proofs, as above, on a log of 10 M keyed entries (--size xl)',
          },
        ]),
    {
      name: `proofs: full verify (keyed chain, tree, checkpoints) at ${sizeText} entries`,
      figure: verifyRate,
      unit: 'entries/s',
      baseline: limit,
      pass: null,
      note:
        `baseline = this machine's SHA-256 throughput (${(shaRate / 1e6).toFixed(0)} MB/s, one core, measured in this run) ÷ ` +
        `the ${bytesPerEntry.toFixed(0)} bytes a verify hashes per entry: the physical limit of the check`,
    },
  ]
  return rows
}
