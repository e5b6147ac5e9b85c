import { describe, expect, it } from 'vitest'
import {
  startPerformanceRollup,
  type RollupChunk,
} from '../../../src/main/engine/performance/rollup-schedule'
import type { PerformanceReport } from '../../../src/shared/contracts/performance.contract'
import { fixture, type Fixture } from './fixtures'

const H = 3_600_000
const D = 24 * H
const END = Date.UTC(2026, 0, 21)
const MAX_IDS = 2_000

/**
 * `n` API entries (and a few admin ones) spread evenly over the `days` before `end`, written in
 * one statement the way a large log looks after an upgrade: members and anonymous callers, a
 * mix of endpoints, methods, statuses and durations. Hashes are random: not verified here.
 */
function seed(f: Fixture, n: number, days: number, end = END) {
  f.db
    .prepare(
      `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < @n)
      INSERT INTO activity_entries (organization_id, ts, kind, actor_id, method, url, status, duration_ms, prev_hash, hash)
      SELECT @org, @end - (@n - i) * (@span / @n) - i % 7, CASE WHEN i % 97 = 0 THEN 'admin' ELSE 'api' END,
        CASE i % 4 WHEN 0 THEN @ann WHEN 1 THEN @bot WHEN 2 THEN @rev ELSE NULL END,
        CASE i % 5 WHEN 0 THEN 'POST' WHEN 1 THEN 'PATCH' ELSE 'GET' END,
        CASE i % 6 WHEN 0 THEN '/api/projects/' || (i % 9) || '/import' WHEN 1 THEN '/api/tasks/' || i
          WHEN 2 THEN '/api/projects/' || (i % 9) || '/tasks?page=' || (i % 3) ELSE '/api/annotations/' || i END,
        CASE WHEN i % 23 = 0 THEN 404 WHEN i % 41 = 0 THEN 503 WHEN i % 13 = 0 THEN 302 ELSE 200 END,
        CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7919) % 900 / 3.0 END,
        randomblob(32), randomblob(32)
      FROM c`,
    )
    .run({
      n,
      org: f.org,
      end,
      span: days * D,
      ann: f.ann,
      bot: f.bot,
      rev: f.rev,
    })
}

const rollupState = (f: Fixture) =>
  f.db.prepare('SELECT last_activity_id AS hi, gap_from, gap_to FROM perf_rollup_state').get() as {
    hi: number
    gap_from: number
    gap_to: number
  }

/** The reports a dashboard asks for: the organization, members compared, a partial-hour range. */
const queries = (f: Fixture) => [
  { from: END - 14 * D - 17 * 60_000, to: END - 41 * 60_000, tzOffsetMinutes: 60 },
  { userIds: [f.ann, f.bot], from: END - 9 * D, to: END, tzOffsetMinutes: -300 },
  { userIds: [f.rev], from: END - 2 * D + 5 * 60_000, to: END - H + 1, tzOffsetMinutes: 0 },
]

/** The reports straight from the engine: no waiting, whatever is not rolled up is read raw. */
const reports = (f: Fixture) =>
  queries(f).map((q) =>
    f.t.engine.performance.report(f.t.owner, {
      userIds: [],
      workspaceIds: [],
      projectIds: [],
      ...q,
    }),
  )

const figures = ({ generatedAt: _g, rollupPending: _p, ...r }: PerformanceReport) => r

/** Runs the background roll-up until it is idle, taking reports while it is still busy. */
async function catchUp(f: Fixture, during: (chunk: number) => void) {
  const chunks: RollupChunk[] = []
  let turns = 0
  let idle = false
  await new Promise<void>((resolve, reject) => {
    const stop = startPerformanceRollup(f.t.engine, {
      maxIds: MAX_IDS,
      log: (m, e) => reject(e ?? new Error(m)),
      onChunk: (c) => {
        chunks.push(c)
        if (c.pending) during(chunks.length)
      },
      onIdle: () => {
        idle = true
        stop()
        resolve()
      },
    })
    // Another caller on the same event loop: it gets a turn between every two chunks.
    const tick = () => {
      if (idle) return
      turns++
      setImmediate(tick)
    }
    setImmediate(tick)
  })
  return { chunks, turns }
}

describe('background roll-up catch-up', () => {
  it('rolls a large log up in short chunks, newest first, answering reports meanwhile', async () => {
    const f = await fixture()
    seed(f, 200_000, 20)
    const top = (f.db.prepare('SELECT max(id) AS m FROM activity_entries').get() as { m: number }).m
    // The first report does not roll a backlog this long up itself: it reads it raw.
    const first = reports(f)
    expect(first.map((r) => r.rollupPending)).toEqual([true, true, true])
    expect(rollupState(f).hi).toBe(0)

    const during: PerformanceReport[][] = []
    const answered: number[] = []
    const { chunks, turns } = await catchUp(f, (n) => {
      if (n === 2) {
        // Newest first: the first chunk after the gap opened covers the newest entries.
        const s = rollupState(f)
        expect(s).toMatchObject({ hi: top, gap_from: 0 })
        expect(s.gap_to).toBeLessThan(top)
      }
      if (n === 10 || n === 60) during.push(reports(f))
      if (n % 20 === 0) {
        // The admin UI's other calls are answered while the catch-up runs.
        void f.t.value('org:get').then(() => answered.push(n))
      }
    })

    const rows = chunks.map((c) => c.rows)
    expect(rows.reduce((a, b) => a + b, 0)).toBe(200_000 - Math.floor(200_000 / 97))
    expect(Math.max(...chunks.map((c) => c.ids))).toBeLessThanOrEqual(MAX_IDS)
    expect(chunks.length).toBeGreaterThanOrEqual(200_000 / MAX_IDS)
    // Generous: each chunk is meant to take ~15 ms; a shared CI machine may be slow.
    expect(Math.max(...chunks.map((c) => c.ms))).toBeLessThan(200)
    expect(turns).toBeGreaterThanOrEqual(chunks.length - 1)
    expect(answered.length).toBeGreaterThan(3)
    expect(rollupState(f)).toEqual({ hi: top, gap_from: 0, gap_to: 0 })

    const after = reports(f)
    expect(after.map((r) => r.rollupPending)).toEqual([false, false, false])
    expect(after[0]!.members[0]!.api.requests).toBeGreaterThan(100_000)
    expect(during).toHaveLength(2)
    for (const taken of during) {
      expect(taken.map((r) => r.rollupPending)).toEqual([true, true, true])
      expect(taken.map(figures)).toEqual(after.map(figures))
    }
    expect(first.map(figures)).toEqual(after.map(figures))
  }, 120_000)

  it('through the API, first rolls up what a report needs, without blocking the event loop', async () => {
    const f = await fixture()
    seed(f, 200_000, 20)
    let turns = 0
    let waiting = true
    const tick = () => {
      turns++
      if (waiting) setImmediate(tick)
    }
    setImmediate(tick)
    const [q] = queries(f)
    const report = await f.t.value('performance:report', q!)
    waiting = false
    // Rolled up in ~15 ms slices with the event loop running in between.
    expect(turns).toBeGreaterThan(5)
    expect(report.rollupPending).toBe(true)
    // Only what the range needed: the older part of the log is still waiting.
    const s = rollupState(f)
    expect(s.gap_to).toBeGreaterThan(0)
    expect(s.gap_to).toBeLessThan(150_000)
    f.t.engine.performance.refresh()
    expect(figures(report)).toEqual(figures(reports(f)[0]!))
  }, 120_000)

  it('fills the gap behind rolled-up history and keeps up with entries arriving meanwhile', async () => {
    const f = await fixture()
    seed(f, 30_000, 20, END - 10 * D)
    f.t.engine.performance.refresh()
    const watermark = rollupState(f).hi
    seed(f, 80_000, 10)
    let added = 0
    await catchUp(f, (n) => {
      if (n === 3) expect(rollupState(f).gap_from).toBe(watermark)
      if (n % 5 === 0 && added < 50) {
        f.request({ by: f.bot, at: END - 2 * H - n, status: 500 })
        added++
      }
    })
    expect(added).toBeGreaterThan(5)
    const rolled = reports(f)
    expect(rolled[0]!.rollupPending).toBe(false)
    // Half-hour zones read the raw log for the whole range: the same totals must come out.
    for (const [i, q] of queries(f).entries()) {
      const raw = await f.t.value('performance:report', { ...q, tzOffsetMinutes: 30 })
      for (const [m, member] of rolled[i]!.members.entries()) {
        const { latencyP50: _a, latencyP95: _b, latencyExact: _c, ...totals } = member.api
        expect(raw.members[m]!.api).toMatchObject(totals)
      }
    }
  }, 120_000)

  it('stops when asked and leaves the rest for the next start', async () => {
    const f = await fixture()
    seed(f, 20_000, 5)
    let chunks = 0
    const stop = startPerformanceRollup(f.t.engine, {
      maxIds: 1_000,
      onChunk: () => void (++chunks === 3 && stop()),
    })
    while (chunks < 3) await new Promise((r) => setTimeout(r, 1))
    await new Promise((r) => setTimeout(r, 20))
    expect(chunks).toBe(3)
    expect(reports(f)[0]!.rollupPending).toBe(true)
    f.t.engine.performance.refresh()
    expect(reports(f)[0]!.rollupPending).toBe(false)
  })
})
