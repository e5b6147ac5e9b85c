import { describe, expect, it } from 'vitest'
import { DAY_MS } from '../../../src/main/engine/deps'
import { adminEntries } from '../engine/helpers'
import { makeEngine } from '../../support/engine'
import { recordEntries } from './support'

const ids = (t: ReturnType<typeof makeEngine>) =>
  t.db.prepare('SELECT id FROM activity_entries ORDER BY id').pluck().all() as number[]

describe('retention and log streams', () => {
  it('keeps what a stream has not delivered for up to 7 days, then purges and records the gap', async () => {
    const t = makeEngine()
    await t.value('org:updateSettings', { activityRetentionDays: 1 })
    const s = await t.value('streams:add', {
      name: 'relay',
      target: { kind: 'syslog', url: 'tcp://127.0.0.1:6514' },
    })
    await recordEntries(t, 50)
    const owed = ids(t).filter((id) => id > s.health.lastDeliveredId)

    // Two days on, retention (1 day) would take everything: the undelivered entries stay.
    t.clock.advance(2 * DAY_MS)
    await t.engine.activityLog.purgeExpired()
    expect(ids(t).slice(0, owed.length)).toEqual(owed)

    // Past the 7-day ceiling retention proceeds; the stream names the gap and moves past it.
    t.clock.advance(6 * DAY_MS)
    await t.engine.activityLog.purgeExpired()
    expect(ids(t)).not.toContain(owed.at(-1))
    const [after] = (await t.value('streams:list')).streams
    expect(after!.gap?.fromId).toBe(owed[0])
    expect(after!.gap?.toId).toBeGreaterThanOrEqual(owed.at(-1)!)
    expect(after!.health.lastDeliveredId).toBeGreaterThanOrEqual(owed.at(-1)!)
    const gap = adminEntries(t).find((e) => e.action === 'stream.gap')!
    expect(gap).toMatchObject({ actor_id: null, details: { stream: 'relay', fromId: owed[0] } })
    // The chain still verifies from the retention checkpoint.
    expect(await t.engine.activityLog.verify()).toMatchObject({ intact: true })
  })

  it('does not hold anything back without streams', async () => {
    const t = makeEngine()
    await t.value('org:updateSettings', { activityRetentionDays: 1 })
    await recordEntries(t, 10)
    t.clock.advance(2 * DAY_MS)
    await t.engine.activityLog.purgeExpired()
    expect(ids(t).length).toBeLessThanOrEqual(1)
  })
})
