import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon, { type Result } from 'autocannon'
import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildApiServer } from '../../../src/main/api/server'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { INDIVIDUAL_PER_KEY } from '../../../src/main/engine/activity/refusals'
import { makeEngine, runningClock, T0, testClock, type TestEngine } from '../../support/engine'

const FAKE = `tsa_${'x'.repeat(36)}`
const CONNECTIONS = 50
/**
 * The flood lasts as long as the requirement says (30 s per case). The engine's clock follows
 * wall time from 15 s before a minute boundary, so every flood crosses one: the worst case,
 * where each key gets its individual entries twice and two summaries, written by the timer.
 */
const FLOOD_SECONDS = 30
const START = T0 + 45_000
/** The legitimate client's pace: steady, and well under any limit (600 a minute). */
const LEGIT_EVERY_MS = 100
const MB = 1024 * 1024

interface Setup extends TestEngine {
  app: FastifyInstance
  base: string
  dir: string
  file: string
  /** A second account, the legitimate client. */
  legit: { token: string; userId: number }
  /** The flooder's own valid token (the case of a token over its rate limit). */
  flooder: { token: string; userId: number }
  /** Connections the server accepted. */
  connections: () => number
}

async function setup(clock = runningClock(START)): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-flood-'))
  const file = join(dir, 'flood.db')
  const t = makeEngine(file, clock)
  t.repos.organizations.update(t.owner.organizationId, { service_account_quota: 5 }, clock.now())
  const account = (name: string) => {
    const c = t.engine.serviceAccounts.create(t.owner, { name, role: 'AD' })
    return { token: c.token, userId: c.account.userId }
  }
  const legit = account('legit-bot')
  const flooder = account('flood-bot')
  const app = buildApiServer({ engine: t.engine, log: () => {} })
  let connections = 0
  app.server.on('connection', () => void connections++)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  return { ...t, app, base, dir, file, legit, flooder, connections: () => connections }
}

async function teardown(s: Setup | null) {
  if (!s) return
  await s.app.close()
  s.close()
  rmSync(s.dir, { recursive: true, force: true })
}

/** The file's size on disk, database plus WAL, after a checkpoint folded the WAL in. */
function fileBytes(s: Setup): number {
  s.db.pragma('wal_checkpoint(TRUNCATE)')
  const size = (p: string) => (existsSync(p) ? statSync(p).size : 0)
  return size(s.file) + size(`${s.file}-wal`)
}
const apiRows = (t: TestEngine) =>
  t.db
    .prepare("SELECT * FROM activity_entries WHERE kind = 'api' ORDER BY id")
    .all() as ActivityRow[]
const summaryOf = (r: ActivityRow) =>
  (JSON.parse(r.details ?? '{}') as { summary?: { count: number; fingerprint: string } }).summary
const isSummary = (r: ActivityRow) => r.action === 'refusal.summary'
const minuteOf = (r: ActivityRow) => Math.floor(r.ts / 60_000)

interface Flood {
  s: Setup
  result: Result
  /** The legitimate client's answers, in order. */
  legitStatuses: number[]
  /** Entries the run added (after the shutdown flush), and the file's growth. */
  rows: ActivityRow[]
  growth: number
  seconds: number
}

/**
 * 50 keep-alive connections (autocannon, in this process: server and flood share one event
 * loop, so the rate is lower than from another process; the bounds are per key and minute, not
 * per request) for FLOOD_SECONDS, while a second client with its own valid token asks whoami at
 * a steady pace. Closing the server writes what was only counted so far (the shutdown flush).
 */
async function flood(s: Setup, path: string, authorization: string): Promise<Flood> {
  const before = fileBytes(s)
  const entriesBefore = apiRows(s).length
  const started = performance.now()
  // autocannon's instance is only a thenable.
  const running = Promise.resolve(
    autocannon({
      url: s.base + path,
      connections: CONNECTIONS,
      duration: FLOOD_SECONDS,
      headers: { authorization, 'user-agent': 'flood/1.0' },
      timeout: 20,
    }),
  )
  let done = false
  void running.finally(() => (done = true))
  const legitStatuses: number[] = []
  while (!done) {
    const res = await fetch(`${s.base}/api/current-user/whoami`, {
      headers: { authorization: `Token ${s.legit.token}` },
    })
    legitStatuses.push(res.status)
    await res.arrayBuffer()
    await sleep(LEGIT_EVERY_MS)
  }
  const result = await running
  const seconds = (performance.now() - started) / 1000
  await s.app.close()
  const rows = apiRows(s).slice(entriesBefore)
  return { s, result, legitStatuses, rows, growth: fileBytes(s) - before, seconds }
}

function report(name: string, f: Flood) {
  const flooded = f.rows.filter((r) => r.actor_id !== f.s.legit.userId)
  console.log(
    `${name}: ${f.result.requests.total} requests in ${f.seconds.toFixed(1)} s on ` +
      `${CONNECTIONS} connections (${f.s.connections()} accepted); ${flooded.length} flood ` +
      `entries, ${f.legitStatuses.length} legit; file +${(f.growth / 1024).toFixed(0)} KB`,
  )
}

/** Every request the flood made is an individual entry or inside a summary's count. */
function accountedFor(rows: ActivityRow[]): number {
  const summaries = rows.filter(isSummary)
  return summaries.reduce((n, r) => n + summaryOf(r)!.count, 0) + rows.length - summaries.length
}

/**
 * Nothing is lost: individual entries plus the summaries' counts are every request, give or take
 * the one in flight on each connection when autocannon stops (answered and recorded, but not
 * counted by autocannon).
 */
function expectAllAccountedFor(f: Flood, rows: ActivityRow[]) {
  const recorded = accountedFor(rows)
  expect(recorded).toBeGreaterThanOrEqual(f.result.requests.total)
  expect(recorded).toBeLessThanOrEqual(f.result.requests.total + CONNECTIONS)
}

function expectLegitRecordedOneByOne(f: Flood) {
  expect(f.legitStatuses.length).toBeGreaterThan(50)
  expect(f.legitStatuses.every((x) => x === 200)).toBe(true)
  const mine = f.rows.filter((r) => r.actor_id === f.s.legit.userId)
  expect(mine).toHaveLength(f.legitStatuses.length)
  expect(mine.every((r) => r.status === 200 && r.action === null)).toBe(true)
  expect(mine.every((r) => r.url === '/api/current-user/whoami')).toBe(true)
}

describe(`a ${FLOOD_SECONDS} s flood with an unknown token on ${CONNECTIONS} connections`, () => {
  let f: Flood
  beforeAll(async () => {
    const s = await setup()
    f = await flood(s, '/api/projects/', `Token ${FAKE}`)
    report('unknown token', f)
  }, 120_000)
  afterAll(() => teardown(f?.s ?? null))

  const flooded = () => f.rows.filter((r) => r.actor_id !== f.s.legit.userId)

  it('was a flood: every request answered, on 50 keep-alive connections', () => {
    expect(f.result.errors + f.result.timeouts).toBe(0)
    expect(f.result['2xx']).toBe(0)
    expect(f.result.requests.total).toBeGreaterThan(10_000)
    // Keep-alive: the connections are reused, not reopened per request.
    expect(f.s.connections()).toBeLessThanOrEqual(CONNECTIONS + 5)
  })

  it('grows the database by under 2 MB and leaves at most a few hundred entries', () => {
    expect(f.growth).toBeLessThan(2 * MB)
    expect(flooded().length).toBeLessThanOrEqual(300)
    expectAllAccountedFor(f, flooded())
  })

  it('summarizes per key and minute: 401 and 429 of one fingerprint, in both minutes', () => {
    const summaries = flooded().filter(isSummary)
    expect(new Set(summaries.map((r) => r.status))).toEqual(new Set([401, 429]))
    expect(new Set(summaries.map((r) => summaryOf(r)!.fingerprint)).size).toBe(1)
    expect(new Set(summaries.map(minuteOf)).size).toBe(2)
    expect(summaries[0]).toMatchObject({ ip: '127.0.0.1', url: '/api/projects', method: 'GET' })
    expect(summaries[0]!.user_agent).toBe('flood/1.0')
  })

  it('meanwhile, a second client with a valid token gets every answer recorded one by one', () => {
    expectLegitRecordedOneByOne(f)
  })

  it('keeps the chain intact: summaries are chain entries like any other', async () => {
    expect(await f.s.engine.activityLog.verify()).toMatchObject({ intact: true })
  })
})

describe(`a ${FLOOD_SECONDS} s flood with a valid token over its rate limit`, () => {
  let f: Flood
  beforeAll(async () => {
    const s = await setup()
    f = await flood(s, '/api/current-user/whoami', `Token ${s.flooder.token}`)
    report('valid token over its limit', f)
  }, 120_000)
  afterAll(() => teardown(f?.s ?? null))

  const flooded = () => f.rows.filter((r) => r.actor_id === f.s.flooder.userId)

  it('serves the limit (600 a minute) and refuses the rest', () => {
    expect(f.result.errors + f.result.timeouts).toBe(0)
    expect(f.result['2xx']).toBe(600)
    expect(f.result.requests.total).toBeGreaterThan(10_000)
  })

  it('grows the database by under 2 MB: its served requests one by one, the 429s summarized', () => {
    expect(f.growth).toBeLessThan(2 * MB)
    const refused = flooded().filter((r) => r.status === 429)
    expect(flooded().filter((r) => r.status === 200)).toHaveLength(600)
    expect(refused.length).toBeLessThanOrEqual(100)
    expectAllAccountedFor(f, flooded())
    // Still the account's: "View Activity Log" on it shows that it was throttled, and how often.
    const summaries = refused.filter(isSummary)
    expect(summaries.length).toBe(2)
    expect(refused.length - summaries.length).toBe(2 * INDIVIDUAL_PER_KEY)
    expect(new Set(summaries.map(minuteOf)).size).toBe(2)
  })

  it('meanwhile, another account with a valid token gets every answer recorded one by one', () => {
    expectLegitRecordedOneByOne(f)
  })
})

describe('refusal summaries, request by request', () => {
  let s: Setup | null = null
  afterEach(async () => {
    await teardown(s)
    s = null
  })
  // A fixed clock: these move it by hand.
  const fixed = async () => (s = await setup(testClock()))

  it('writes a summary once its minute is over, and each minute starts one-by-one again', async () => {
    const t = await fixed()
    const hit = async () => {
      const res = await fetch(`${t.base}/api/projects/`)
      await res.arrayBuffer()
      return res.status
    }
    for (let i = 0; i < 25; i++) expect(await hit()).toBe(401)
    expect(t.engine.activity.pendingRefusals()).toBe(15)
    t.clock.advance(60_000)
    expect(t.engine.activity.flushRefusals()).toBe(1)
    for (let i = 0; i < 3; i++) await hit()
    const rows = apiRows(t).filter((r) => r.status === 401)
    expect(rows).toHaveLength(10 + 1 + 3)
    const summary = rows.find((r) => r.action === 'refusal.summary')!
    expect(summaryOf(summary)).toMatchObject({ count: 15, fingerprint: 'none' })
  })

  it('a revoked token retried: still summarized per key, and every entry names its account and token', async () => {
    const t = await setup()
    const tokenId = t.engine.serviceAccounts.get(t.owner, t.legit.userId).token!.id
    t.engine.serviceAccounts.resetToken(t.owner, t.legit.userId)
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${t.base}/api/projects/`, {
        headers: { authorization: `Token ${t.legit.token}` },
      })
      expect(res.status).toBe(401)
      await res.arrayBuffer()
    }
    t.engine.activity.flushRefusals(true)
    const rows = apiRows(t).filter((r) => r.status === 401)
    expect(rows).toHaveLength(10 + 1)
    expect(rows.every((r) => r.actor_id === t.legit.userId && r.token_id === tokenId)).toBe(true)
    const summary = rows.find((r) => r.action === 'refusal.summary')!
    expect(summaryOf(summary)!.count).toBe(15)
  })

  it('varying the token cannot buy one entry per request', async () => {
    const t = await fixed()
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${t.base}/api/projects/`, {
        headers: { authorization: `Token tsa_${String(i).padStart(36, '0')}` },
      })
      await res.arrayBuffer()
    }
    t.engine.activity.flushRefusals(true)
    const rows = apiRows(t)
    // 8 keys of this address get 10 each; every later token is folded into one summary.
    expect(rows.length).toBeLessThanOrEqual(8 * 11 + 2)
    const folded = rows.find((r) => summaryOf(r)?.fingerprint === 'various')
    expect(summaryOf(folded!)!.count).toBeGreaterThan(100)
  })
})
