import { describe, expect, it, vi } from 'vitest'
import { entryHash } from '../../../src/main/engine/activity/chain'
import { startRetention } from '../../../src/main/engine/activity/retention-schedule'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { DAY_MS } from '../../../src/main/engine/deps'
import { T0 } from '../../support/engine'
import { MIN, api, fixture } from './fixture'

type T = ReturnType<typeof withDb>
const row = (t: T, id: number) =>
  t.db().prepare('SELECT * FROM activity_entries WHERE id = ?').get(id) as ActivityRow

function withDb(t: ReturnType<typeof fixture>) {
  const db = t.db
  return Object.assign(t, { db: () => db })
}

async function verify(t: T) {
  return t.value('activity:verify', {})
}

describe('verify log', () => {
  it('reports an untouched log as intact', async () => {
    const t = withDb(fixture())
    expect(await verify(t)).toMatchObject({ intact: true, checked: 11, brokenAt: null })
  })

  it('finds an edited entry', async () => {
    const t = withDb(fixture())
    t.db().prepare("UPDATE activity_entries SET url = '/api/whatever' WHERE id = 5").run()
    expect(await verify(t)).toMatchObject({
      intact: false,
      brokenAt: 5,
      reason: 'edited',
      checked: 4,
    })
  })

  it('finds an edit whose hash was recomputed, at the next link', async () => {
    const t = withDb(fixture())
    const r = { ...row(t, 5), status: 200 }
    t.db()
      .prepare('UPDATE activity_entries SET status = 200, hash = ? WHERE id = 5')
      .run(entryHash(r))
    expect(await verify(t)).toMatchObject({ intact: false, brokenAt: 6, reason: 'link' })
  })

  it('finds a deleted entry', async () => {
    const t = withDb(fixture())
    t.db().prepare('DELETE FROM activity_entries WHERE id = 5').run()
    expect(await verify(t)).toMatchObject({ intact: false, brokenAt: 6, reason: 'gap' })
  })

  it('finds deleted oldest entries when no purge explains them', async () => {
    const t = withDb(fixture())
    t.db().prepare('DELETE FROM activity_entries WHERE id <= 2').run()
    expect(await verify(t)).toMatchObject({ intact: false, brokenAt: 3, reason: 'start' })
  })

  it('finds an inserted entry, even one with a well-formed hash', async () => {
    const t = withDb(fixture())
    const db = t.db()
    // Make room at id 6 and forge an entry that links correctly to entry 5.
    db.transaction(() => {
      for (let id = 11; id >= 6; id--)
        db.prepare('UPDATE activity_entries SET id = id + 1 WHERE id = ?').run(id)
      const base = { ...row(t, 5), id: 6, url: '/api/forged', prev_hash: row(t, 5).hash }
      const cols = Object.keys(base).concat('hash')
      db.prepare(
        `INSERT INTO activity_entries (${cols.join(',')}) VALUES (${cols.map((c) => '@' + c).join(',')})`,
      ).run({
        ...base,
        hash: entryHash(base),
      })
    })()
    expect(await verify(t)).toMatchObject({ intact: false, brokenAt: 7 })
    const appended = withDb(fixture())
    const last = row(appended, 11)
    const fake = { ...last, id: 12, prev_hash: Buffer.alloc(32, 1), url: '/api/appended' }
    const cols = Object.keys(fake)
    appended
      .db()
      .prepare(
        `INSERT INTO activity_entries (${cols.join(',')}) VALUES (${cols.map((c) => '@' + c).join(',')})`,
      )
      .run({ ...fake, hash: entryHash(fake) })
    expect(await verify(appended)).toMatchObject({ intact: false, brokenAt: 12, reason: 'link' })
  })
})

describe('retention', () => {
  it('purges expired entries in order, leaves a checkpoint, and verification still passes', async () => {
    const t = withDb(fixture())
    t.clock.set(T0 + 10 * MIN)
    await t.value('org:updateSettings', { activityRetentionDays: 1 }) // entry 12, at T0 + 10 min
    t.clock.set(T0 + DAY_MS + 5.5 * MIN)
    const result = await t.engine.activityLog.purgeExpired()
    expect(result.deleted).toBe(6)
    const left = (await t.value('activity:list', { limit: 100 })).entries.map((e) => e.id)
    expect(left).toEqual([12, 11, 10, 9, 8, 7])
    expect(await verify(t)).toMatchObject({ intact: true, checked: 6, checkpointId: 6 })
    // A second purge later moves the checkpoint on; the chain still verifies.
    t.clock.set(T0 + DAY_MS + 9.5 * MIN)
    expect((await t.engine.activityLog.purgeExpired()).deleted).toBe(4)
    expect(await verify(t)).toMatchObject({ intact: true, checked: 2, checkpointId: 10 })
    // Deleting the oldest survivor by hand is still caught after purges.
    t.db().prepare('DELETE FROM activity_entries WHERE id = 11').run()
    expect(await verify(t)).toMatchObject({ intact: false, brokenAt: 12, reason: 'gap' })
  })

  it('deletes only a run from the oldest entry, so an old entry behind a newer one waits', async () => {
    const t = withDb(fixture())
    api(t, { ts: T0 - 30 * DAY_MS }) // entry 12: back-dated, behind newer ones
    t.clock.set(T0 + 181 * DAY_MS - 30 * DAY_MS)
    expect((await t.engine.activityLog.purgeExpired()).deleted).toBe(0)
    expect(await verify(t)).toMatchObject({ intact: true })
  })

  it('runs at start-up in small batches and stops when asked', async () => {
    const t = withDb(fixture())
    for (let i = 0; i < 3000; i++) api(t, { ts: T0 + 20 * MIN })
    t.clock.set(T0 + 200 * DAY_MS)
    const spy = vi.spyOn(t.engine.activityLog, 'purgeExpired')
    const stop = startRetention(t.engine, { intervalMs: 60_000 })
    await vi.waitFor(() => expect(t.engine.activityLog.total(t.owner)).toBe(0), {
      timeout: 5000,
    })
    stop()
    expect(spy).toHaveBeenCalledTimes(1)
    expect(await verify(t)).toMatchObject({ intact: true, checked: 0, checkpointId: 3011 })
    api(t, { ts: T0 + 200 * DAY_MS })
    expect(await verify(t)).toMatchObject({ intact: true, checked: 1 })
    expect(t.repos.activity.last()?.id).toBe(3012)
  })
})
