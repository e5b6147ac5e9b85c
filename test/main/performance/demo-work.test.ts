import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../../src/main/cli/demo'
import { makeEngine } from '../../support/engine'

const DAY = 86_400_000

describe('demo work', () => {
  it('fills 90 days with work the dashboard can show, for people and service accounts', async () => {
    const t = makeEngine()
    const now = t.clock.now()
    const started = Date.now()
    seedDemo(t.engine, t.owner, now)
    const seconds = (Date.now() - started) / 1000
    const db = t.db
    const span = db
      .prepare(
        'SELECT min(created_at) AS lo, max(created_at) AS hi, count(*) AS n FROM annotations',
      )
      .get() as { lo: number; hi: number; n: number }
    expect(span.n).toBeGreaterThan(2000)
    expect(span.lo).toBeLessThan(now - 85 * DAY)
    expect(span.hi).toBeLessThanOrEqual(now)

    const members = await t.value('members:list')
    const bot = members.find((m) => m.kind === 'service' && m.role === 'AN')!
    const human = members.find((m) => m.kind === 'human' && m.role === 'AN')!
    const reviewer = members.find((m) => m.kind === 'service' && m.role === 'RE')!
    const pipeline = members.find((m) => m.kind === 'service' && m.role === 'MA')!
    const r = await t.value('performance:report', {
      userIds: [bot.userId, human.userId, reviewer.userId, pipeline.userId],
      from: now - 90 * DAY,
      to: now,
    })
    const [b, h, rv, p] = r.members
    expect(b!.annotations.submitted).toBeGreaterThan(500)
    expect(b!.annotations.score).toBeGreaterThan(0.5)
    expect(b!.annotations.score).toBeLessThan(1)
    expect(b!.api.requests).toBeGreaterThan(b!.annotations.submitted)
    expect(b!.api.errors4xx).toBeGreaterThan(0)
    expect(b!.api.lastToken).not.toBeNull()
    expect(h!.annotations.submitted).toBeGreaterThan(100)
    expect(h!.annotations.leadTimeMedian).toBeGreaterThan(20)
    expect(rv!.reviews.total).toBeGreaterThan(100)
    expect(rv!.reviews.rejected).toBeGreaterThan(0)
    expect(rv!.reviews.fixedAccepted).toBeGreaterThan(0)
    expect(p!.api.imports).toBeGreaterThan(60)
    expect(p!.api.predictions).toBeGreaterThan(500)
    // Each day of the range has work on the chart.
    expect(b!.series.filter((d) => d.submitted > 0).length).toBeGreaterThan(85)
    // Activity entries are in time order.
    const outOfOrder = db
      .prepare(
        "SELECT count(*) AS n FROM activity_entries a JOIN activity_entries b ON b.id = a.id + 1 WHERE b.ts < a.ts AND a.kind = 'api' AND b.kind = 'api'",
      )
      .get() as { n: number }
    expect(outOfOrder.n).toBe(0)
    expect(seconds).toBeLessThan(30)
  }, 120_000)
})
