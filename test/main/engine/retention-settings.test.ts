import { describe, expect, it } from 'vitest'
import { DAY_MS } from '../../../src/main/engine/deps'
import { makeEngine, T0 } from '../../support/engine'

function seeded() {
  const t = makeEngine()
  // Entry 1 is the organization's creation at T0; add 30 API entries, one a day back from T0.
  for (let d = 1; d <= 30; d++) {
    t.engine.activity.api({
      organization_id: t.owner.organizationId,
      ts: T0 - d * DAY_MS,
      actor_id: null,
      actor_email: null,
      token_id: null,
      ip: '127.0.0.1',
      user_agent: 'curl/8',
      method: 'GET',
      url: '/api/projects/',
      status: 200,
      duration_ms: 1,
      project_id: null,
      workspace_id: null,
      details: null,
    })
  }
  return t
}

describe('activity retention settings', () => {
  it.each([0, -5, 3651, 100000])('refuses %i days instead of clamping it', (days) => {
    const t = seeded()
    expect(() =>
      t.engine.organization.updateSettings(t.owner, { activityRetentionDays: days }),
    ).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { field: 'activityRetentionDays' } }),
    )
    expect(t.engine.organization.settings(t.owner.organizationId).activityRetentionDays).toBe(180)
  })

  it('is refused over the admin transport too, with the field named', async () => {
    const t = seeded()
    const result = await t.call('org:updateSettings', { activityRetentionDays: 0 })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect((await t.value('org:get')).settings.activityRetentionDays).toBe(180)
  })

  it('previews how many entries a shorter period would delete, changing nothing', async () => {
    const t = seeded()
    // Entries 11..30 days old are older than a 10-day cutoff; the one exactly 10 days old stays.
    expect(await t.value('org:retentionPreview', { days: 10 })).toMatchObject({
      days: 10,
      toDelete: 20,
      total: 31,
      cutoff: T0 - 10 * DAY_MS,
    })
    expect(await t.value('org:retentionPreview', { days: 365 })).toMatchObject({ toDelete: 0 })
    expect((await t.value('org:get')).settings.activityRetentionDays).toBe(180)
    expect(await t.call('org:retentionPreview', { days: 0 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })
  })
})
