import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import { fixture, type Fixture } from './fixtures'

const H = 3_600_000
const D = 24 * H
const FROM = Date.UTC(2026, 0, 1)
const TO = Date.UTC(2026, 0, 11)

async function busy(): Promise<Fixture> {
  const f = await fixture()
  let seed = 3
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let i = 0; i < 400; i++) {
    const at = FROM - D + Math.floor(rnd() * 12 * D)
    const a = f.annotation({
      by: rnd() < 0.5 ? f.ann : f.bot,
      at,
      project: rnd() < 0.7 ? f.p1 : f.p2,
      cancelled: rnd() < 0.1,
      lead: rnd() < 0.1 ? null : Math.round(rnd() * 500) / 10,
    })
    if (rnd() < 0.5)
      f.review({
        of: a,
        by: f.rev,
        at: at + H,
        action: rnd() < 0.6 ? 'accepted' : rnd() < 0.5 ? 'rejected' : 'fixed_accepted',
        agreement: 0.5,
      })
  }
  return f
}

/** The organization's annotation figures, without the per-day series (whose days depend on the zone). */
async function orgFigures(f: Fixture, tz: number, extra: object = {}) {
  const r = await f.t.value('performance:report', {
    from: FROM + 17 * 60_000,
    to: TO - 41 * 60_000,
    tzOffsetMinutes: tz,
    ...extra,
  })
  const { leadTimeMedian, ...rest } = r.members[0]!.annotations
  return { ...rest, median: leadTimeMedian }
}

describe('whole organization', () => {
  it('reads the same figures from the trigger-kept hourly counts as straight from the tables', async () => {
    const f = await busy()
    // A half-hour zone reads the tables directly; a whole-hour zone uses the hourly counts.
    expect(await orgFigures(f, 0)).toEqual(await orgFigures(f, 30))
    expect(await orgFigures(f, 0, { projectIds: [f.p2] })).toEqual(
      await orgFigures(f, 30, { projectIds: [f.p2] }),
    )
    expect((await orgFigures(f, 0)).submitted).toBeGreaterThan(200)
  })

  it('keeps the hourly counts right when annotations are edited or deleted', async () => {
    const f = await busy()
    f.db
      .prepare(
        'UPDATE annotations SET lead_time = 99, was_cancelled = 1 - was_cancelled WHERE id % 7 = 0',
      )
      .run()
    f.db.prepare('UPDATE annotations SET project_id = ? WHERE id % 11 = 0').run(f.p2)
    f.db.prepare('DELETE FROM annotations WHERE id % 5 = 0').run()
    expect(await orgFigures(f, 0)).toEqual(await orgFigures(f, 30))
    expect(await orgFigures(f, 60, { projectIds: [f.p1] })).toEqual(
      await orgFigures(f, 30, { projectIds: [f.p1] }),
    )
  })

  it('keeps the outcomes right when reviews are added, changed or deleted', async () => {
    const f = await busy()
    const reviewed = f.db
      .prepare('SELECT DISTINCT annotation_id AS id, created_at AS at FROM reviews')
      .all() as { id: number; at: number }[]
    for (const r of reviewed.filter((_, i) => i % 3 === 0))
      f.review({ of: r.id, by: f.rev, at: r.at + H, action: 'rejected' })
    f.db
      .prepare(`UPDATE reviews SET action = 'fixed_accepted', agreement = 0.25 WHERE id % 4 = 0`)
      .run()
    f.db.prepare('UPDATE reviews SET created_at = created_at + 2 * ? WHERE id % 6 = 0').run(H)
    f.db.prepare('DELETE FROM reviews WHERE id % 5 = 0').run()
    f.db.prepare('DELETE FROM tasks WHERE id % 9 = 0').run()
    const whole = await orgFigures(f, 0)
    expect(whole).toEqual(await orgFigures(f, 30))
    expect(whole.rejected + whole.fixedAccepted).toBeGreaterThan(20)
    expect(await orgFigures(f, 0, { projectIds: [f.p1] })).toEqual(
      await orgFigures(f, 30, { projectIds: [f.p1] }),
    )
  })

  it('sums every member, requests without an actor included', async () => {
    const f = await fixture()
    f.request({ by: f.bot, at: FROM + H })
    f.request({ by: f.ann, at: FROM + 2 * H, status: 503 })
    f.request({ by: null, at: FROM + 3 * H, status: 401 })
    const [org] = (await f.t.value('performance:report', { from: FROM, to: TO })).members
    expect(org!.api).toMatchObject({ requests: 3, errors4xx: 1, errors5xx: 1 })
    expect(org!.subject).toMatchObject({ userId: null, name: 'Acme Labeling' })
  })
})

describe('export', () => {
  it('gives CSV with the table’s texts and JSON with the report, and saves to a path', async () => {
    const f = await fixture()
    const a = f.annotation({ by: f.ann, at: FROM + H, lead: 30 })
    f.review({ of: a, by: f.rev, at: FROM + 2 * H, action: 'fixed_accepted', agreement: 0.42 })
    const query = { userIds: [f.ann, f.rev], from: FROM, to: TO }
    const csv = await f.t.value('performance:export', { query, format: 'csv' })
    expect(csv.filename).toBe('performance_2026-01-01_2026-01-10.csv')
    const lines = csv.text.split('\n')
    const header = lines.find((l) => l.startsWith('Member,'))!.split(',')
    const ann = lines.find((l) => l.startsWith('Ann Lee,'))!.split(',')
    const rev = lines.find((l) => l.startsWith('Rae View,'))!.split(',')
    const col = (row: string[], label: string) => row[header.indexOf(label)]
    expect(col(ann, 'Performance score')).toBe('42 %')
    expect(col(ann, 'Time annotating')).toBe('30 s')
    expect(col(ann, 'Latency p50')).toBe('--')
    expect(col(rev, 'Reviews fixed + accepted')).toBe('1')
    expect(lines.filter((l) => l.startsWith('2026-01-01,'))).toHaveLength(2)

    const json = await f.t.value('performance:export', { query, format: 'json' })
    const report = await f.t.value('performance:report', query)
    expect(JSON.parse(json.text)).toEqual({ ...report, generatedAt: expect.any(Number) })

    // The desktop app writes it where its save dialog said; no caller can name a file.
    const path = join(mkdtempSync(join(os.tmpdir(), 'perf-')), 'out.csv')
    const saved = await createDispatcher({ log: () => {} })(
      'performance:export',
      { query, format: 'csv' },
      { engine: f.t.engine, actor: f.t.owner, chooseSavePath: async () => path },
    )
    expect(saved).toMatchObject({ ok: true, value: { path } })
    expect(readFileSync(path, 'utf8')).toBe(csv.text)
    const typed = await f.t.call('performance:export', { query, format: 'csv', path } as never)
    expect(typed.ok ? null : typed.error.code).toBe('VALIDATION')
  })

  it('gives times in the report’s local time, naming the offset from UTC', async () => {
    const f = await fixture()
    f.request({ by: f.bot, at: FROM + 5 * H + 15 * 60_000 })
    const lastActive = async (tzOffsetMinutes: number) => {
      const query = { userIds: [f.bot], from: FROM, to: TO, tzOffsetMinutes }
      const csv = await f.t.value('performance:export', { query, format: 'csv' })
      const lines = csv.text.split('\n')
      const header = lines.find((l) => l.startsWith('Member,'))!.split(',')
      return lines.find((l) => l.startsWith('ingest-bot,'))!.split(',')[
        header.indexOf('Last active')
      ]
    }
    expect(await lastActive(120)).toBe('2026-01-01 07:15 UTC+02:00')
    expect(await lastActive(-330)).toBe('2025-12-31 23:45 UTC-05:30')
    expect(await lastActive(0)).toBe('2026-01-01 05:15 UTC')
    // JSON keeps the instant itself.
    const json = await f.t.value('performance:export', {
      query: { userIds: [f.bot], from: FROM, to: TO, tzOffsetMinutes: 120 },
      format: 'json',
    })
    expect(JSON.parse(json.text).members[0].api.lastActive).toBe(FROM + 5 * H + 15 * 60_000)
  })
})
