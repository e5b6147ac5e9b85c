import { describe, expect, it } from 'vitest'
import { fixture } from './fixtures'

const H = 3_600_000
const D = 24 * H
const FROM = Date.UTC(2026, 0, 1)
const TO = Date.UTC(2026, 0, 11)

describe('performance score', () => {
  it('rejected twice then accepted scores 33 %', async () => {
    const f = await fixture()
    const a = f.annotation({ by: f.ann, at: FROM + H })
    f.review({ of: a, by: f.rev, at: FROM + 2 * H, action: 'rejected' })
    f.review({ of: a, by: f.rev, at: FROM + 3 * H, action: 'rejected' })
    f.review({ of: a, by: f.rev, at: FROM + 4 * H, action: 'accepted' })
    const [m] = (await f.t.value('performance:report', { userIds: [f.ann], from: FROM, to: TO }))
      .members
    expect(m!.annotations.score).toBeCloseTo(1 / 3, 3)
    expect(m!.annotations.accepted).toBe(1)
    expect(m!.annotations.rejected).toBe(0)
    expect(m!.annotations.pendingReview).toBe(0)
  })

  it('rejected once then fixed+accepted at 42 % agreement scores 21 %', async () => {
    const f = await fixture()
    const a = f.annotation({ by: f.ann, at: FROM + H })
    f.review({ of: a, by: f.rev, at: FROM + 2 * H, action: 'rejected' })
    f.review({ of: a, by: f.rev, at: FROM + 3 * H, action: 'fixed_accepted', agreement: 0.42 })
    const r = await f.t.value('performance:report', { userIds: [f.ann, f.rev], from: FROM, to: TO })
    expect(r.members[0]!.annotations.score).toBeCloseTo(0.21, 4)
    expect(r.members[0]!.annotations.fixedAccepted).toBe(1)
    // The reviewer's side: two reviews given, one rejected and one fix+accept.
    expect(r.members[1]!.reviews).toMatchObject({
      total: 2,
      rejected: 1,
      fixedAccepted: 1,
      accepted: 0,
    })
  })

  it('averages over reviewed annotations only; unreviewed ones are pending', async () => {
    const f = await fixture()
    const a = f.annotation({ by: f.ann, at: FROM + H })
    const b = f.annotation({ by: f.ann, at: FROM + H })
    f.annotation({ by: f.ann, at: FROM + H })
    f.review({ of: a, by: f.rev, at: FROM + 2 * H, action: 'accepted' })
    f.review({ of: b, by: f.rev, at: FROM + 2 * H, action: 'rejected' })
    const [m] = (await f.t.value('performance:report', { userIds: [f.ann], from: FROM, to: TO }))
      .members
    expect(m!.annotations).toMatchObject({
      submitted: 3,
      accepted: 1,
      rejected: 1,
      pendingReview: 1,
      score: 0.5,
      scoredAnnotations: 2,
    })
  })
})

describe('completion time', () => {
  it('counts from inclusive and to exclusive', async () => {
    const f = await fixture()
    f.annotation({ by: f.ann, at: FROM - 1 })
    f.annotation({ by: f.ann, at: FROM })
    f.annotation({ by: f.ann, at: TO - 1 })
    f.annotation({ by: f.ann, at: TO })
    f.request({ by: f.ann, at: FROM - 1 })
    f.request({ by: f.ann, at: FROM })
    f.request({ by: f.ann, at: TO - 1 })
    f.request({ by: f.ann, at: TO })
    const [m] = (await f.t.value('performance:report', { userIds: [f.ann], from: FROM, to: TO }))
      .members
    expect(m!.annotations.submitted).toBe(2)
    expect(m!.api.requests).toBe(2)
    expect(m!.series).toHaveLength(10)
    expect(m!.series[0]).toMatchObject({ date: '2026-01-01', submitted: 1, requests: 1 })
    expect(m!.series[9]).toMatchObject({ date: '2026-01-10', submitted: 1, requests: 1 })
  })

  it('puts work on the caller’s local day', async () => {
    const f = await fixture()
    const late = Date.UTC(2026, 0, 5, 23, 30)
    f.annotation({ by: f.ann, at: late })
    f.request({ by: f.ann, at: late })
    const day = async (tz: number) => {
      const [m] = (
        await f.t.value('performance:report', {
          userIds: [f.ann],
          from: FROM,
          to: TO,
          tzOffsetMinutes: tz,
        })
      ).members
      return m!.series
        .filter((d) => d.submitted > 0 || d.requests > 0)
        .map((d) => [d.date, d.submitted, d.requests])
    }
    expect(await day(0)).toEqual([['2026-01-05', 1, 1]])
    expect(await day(60)).toEqual([['2026-01-06', 1, 1]])
    expect(await day(-300)).toEqual([['2026-01-05', 1, 1]])
    // A half-hour zone: the request is read from the raw log and lands on the same day.
    expect(await day(330)).toEqual([['2026-01-06', 1, 1]])
  })
})

describe('no data versus zero', () => {
  it('reports null for what cannot be measured and 0 for what was counted', async () => {
    const f = await fixture()
    const [m] = (await f.t.value('performance:report', { userIds: [f.ann], from: FROM, to: TO }))
      .members
    expect(m!.annotations).toMatchObject({
      submitted: 0,
      skipped: 0,
      leadTimeSum: null,
      leadTimeAvg: null,
      leadTimeMedian: null,
      score: null,
    })
    expect(m!.reviews).toMatchObject({ total: 0, timeReviewing: null })
    expect(m!.api).toMatchObject({
      requests: 0,
      errors4xx: 0,
      latencyP50: null,
      latencyP95: null,
      lastToken: null,
    })
  })

  it('computes lead time sum, average and median over the annotations that have one', async () => {
    const f = await fixture()
    for (const lead of [4, 10, 1, null]) f.annotation({ by: f.ann, at: FROM + H, lead })
    f.annotation({ by: f.ann, at: FROM + H, lead: 7, cancelled: true })
    const [m] = (await f.t.value('performance:report', { userIds: [f.ann], from: FROM, to: TO }))
      .members
    expect(m!.annotations).toMatchObject({
      submitted: 4,
      skipped: 1,
      leadTimeSum: 22,
      leadTimeAvg: 5.5,
      leadTimeMedian: 5.5,
    })
  })
})

describe('API usage', () => {
  it('matches hand-computed percentiles, error counts, groups and imports', async () => {
    const f = await fixture()
    // 20 requests of 1..20 ms: nearest rank p50 = 10th = 10 ms, p95 = 19th = 19 ms.
    for (let i = 1; i <= 20; i++) {
      const status = i <= 3 ? 404 : i <= 5 ? 500 : 200
      f.request({
        by: f.bot,
        at: FROM + 2 * H + i * 1000,
        ms: i,
        status,
        url: i === 20 ? '/api/projects/3/import?commit=1' : `/api/tasks/${i}/`,
        method: i === 20 ? 'POST' : 'GET',
      })
    }
    const [m] = (await f.t.value('performance:report', { userIds: [f.bot], from: FROM, to: TO }))
      .members
    expect(m!.api).toMatchObject({
      requests: 20,
      errors4xx: 3,
      errors5xx: 2,
      latencyP50: 10,
      latencyP95: 19,
      latencyExact: true,
      imports: 1,
    })
    expect(m!.api.byEndpoint).toEqual([
      { key: '/api/tasks', count: 19 },
      { key: '/api/projects/{id}/import', count: 1 },
    ])
    expect(m!.api.byMethod).toEqual([
      { key: 'GET', count: 19 },
      { key: 'POST', count: 1 },
    ])
    expect(m!.api.byStatus).toEqual([
      { key: '2xx', count: 15 },
      { key: '4xx', count: 3 },
      { key: '5xx', count: 2 },
    ])
    expect(m!.subject).toMatchObject({ name: 'ingest-bot', isService: true })
  })

  it('gives the same totals from the hourly roll-ups as from the raw log, and keeps up with new entries', async () => {
    const f = await fixture()
    let seed = 7
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const add = (n: number) => {
      for (let i = 0; i < n; i++) {
        const url = [
          '/api/projects/',
          '/api/tasks/5',
          '/api/projects/2/import',
          '/api/annotations/9/',
        ][Math.floor(rnd() * 4)]!
        f.request({
          by: rnd() < 0.5 ? f.bot : f.ann,
          at: FROM + Math.floor(rnd() * 9 * D),
          url,
          method: url.includes('import') ? 'POST' : 'GET',
          status: [200, 201, 404, 500][Math.floor(rnd() * 4)]!,
          ms: rnd() * 300,
        })
      }
    }
    add(300)
    const q = { userIds: [f.bot], from: FROM + 17 * 60_000, to: TO - 23 * 60_000 }
    const pick = (r: { members: { api: object }[] }) => {
      const { latencyP50, latencyP95, latencyExact, lastActive, ...rest } = r.members[0]!
        .api as Record<string, unknown>
      return rest
    }
    const viaRollup = await f.t.value('performance:report', q)
    const viaRaw = await f.t.value('performance:report', { ...q, tzOffsetMinutes: 30 })
    expect(pick(viaRollup)).toEqual(pick(viaRaw))
    add(50)
    const again = await f.t.value('performance:report', q)
    expect(again.members[0]!.api.requests).toBe(
      pick(await f.t.value('performance:report', { ...q, tzOffsetMinutes: 30 })).requests,
    )
    expect(again.members[0]!.api.requests).toBeGreaterThan(viaRollup.members[0]!.api.requests)
  })

  it('counts predictions and shows the last used token', async () => {
    const f = await fixture()
    const task = f.task()
    f.db
      .prepare(
        `INSERT INTO predictions (task_id, project_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(task, f.p1, f.bot, FROM + H, FROM + H)
    f.db
      .prepare(`UPDATE api_tokens SET last_used_at = ? WHERE user_id = ?`)
      .run(FROM + 5 * H, f.bot)
    f.request({ by: f.bot, at: FROM + 5 * H })
    const [m] = (await f.t.value('performance:report', { userIds: [f.bot], from: FROM, to: TO }))
      .members
    expect(m!.api.predictions).toBe(1)
    expect(m!.api.lastToken?.display).toMatch(/^tsa_…/)
    expect(m!.api.lastActive).toBe(FROM + 5 * H)
  })
})

describe('scope', () => {
  it('limits to projects and workspaces, and sums the whole organization', async () => {
    const f = await fixture()
    f.annotation({ by: f.ann, at: FROM + H, project: f.p1 })
    f.annotation({ by: f.ann, at: FROM + H, project: f.p2 })
    f.annotation({ by: f.bot, at: FROM + H, project: f.p1 })
    f.request({ by: f.ann, at: FROM + H, project: f.p1 })
    f.request({ by: f.ann, at: FROM + H, project: f.p2 })
    const sub = async (extra: object) =>
      (await f.t.value('performance:report', { userIds: [f.ann], from: FROM, to: TO, ...extra }))
        .members[0]!
    expect((await sub({ projectIds: [f.p2] })).annotations.submitted).toBe(1)
    expect((await sub({ workspaceIds: [f.ws] })).annotations.submitted).toBe(1)
    expect((await sub({ workspaceIds: [f.ws] })).api.requests).toBe(1)
    const org = await f.t.value('performance:report', { from: FROM, to: TO })
    expect(org.members[0]!.subject.userId).toBeNull()
    expect(org.members[0]!.annotations.submitted).toBe(3)
  })

  it('refuses unknown members and more than five', async () => {
    const f = await fixture()
    expect((await f.t.call('performance:report', { userIds: [999], from: FROM, to: TO })).ok).toBe(
      false,
    )
    const six = await f.t.call('performance:report', {
      userIds: [1, 2, 3, 4, 5, 6],
      from: FROM,
      to: TO,
    })
    expect(six.ok ? null : six.error.code).toBe('VALIDATION')
    const backwards = await f.t.call('performance:report', { from: TO, to: FROM })
    expect(backwards.ok ? null : backwards.error.code).toBe('VALIDATION')
  })
})
