import { afterEach, describe, expect, it } from 'vitest'
import type { SettingsPatch } from '../../../src/shared/contracts/organization.contract'
import { makeHarness, type Harness } from '../auth/harness'

let h: Harness | null = null
afterEach(async () => {
  await h?.app.close()
  h = null
})

const ADMIN = 'ada@acme.test'
const ADMIN_PASSWORD = 'administrator password'

async function adminSession() {
  h = await makeHarness()
  const userId = await h.addPerson(ADMIN, 'AD', ADMIN_PASSWORD)
  const { cookie, csrf } = await h.signIn(ADMIN, ADMIN_PASSWORD)
  const update = (patch: SettingsPatch) =>
    h!.app.inject({
      method: 'POST',
      url: '/rpc/org:updateSettings',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: patch as object,
    })
  return { userId, update }
}

const OWNER_ONLY: [SettingsPatch, RegExp][] = [
  [{ apiHost: '0.0.0.0' }, /the API address/],
  [{ apiPort: 9999 }, /the API port/],
  [{ apiEnabled: false }, /whether the local API runs/],
  [{ apiKeysEnabled: false }, /API keys/],
  [{ patsEnabled: true }, /personal access tokens/],
  [{ tokenMaxLifetimeDays: 7 }, /maximum token lifetime/],
  [{ activityRetentionDays: 1 }, /retention/],
]

describe('settings only the Owner may change', () => {
  it.each(OWNER_ONLY)(
    'an Administrator signed in over /rpc cannot change %o',
    async (patch, label) => {
      const { update } = await adminSession()
      const before = h!.engine.organization.settings(h!.owner.organizationId)
      const res = await update(patch)
      // The admin transport answers with the result envelope.
      expect(res.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      expect(res.json().error.message).toMatch(/^Only the organization Owner can change /)
      expect(res.json().error.message).toMatch(label)
      expect(h!.engine.organization.settings(h!.owner.organizationId)).toEqual(before)
    },
  )

  it('an Administrator may still change the title, seats, lengthen retention, and resend unchanged values', async () => {
    const { update } = await adminSession()
    // Everything the Settings form sends back, unchanged except what an Administrator may change.
    const { serviceAccountQuota: _quota, ...current } = h!.engine.organization.settings(
      h!.owner.organizationId,
    )
    const res = await update({
      ...current,
      title: 'Renamed by the admin',
      activityRetentionDays: current.activityRetentionDays + 30,
    })
    expect(res.json()).toMatchObject({ ok: true })
    expect(h!.engine.organization.settings(h!.owner.organizationId)).toMatchObject({
      title: 'Renamed by the admin',
      activityRetentionDays: current.activityRetentionDays + 30,
      apiHost: current.apiHost,
    })
  })

  it('the engine enforces it whatever the transport; the Owner may change everything', async () => {
    const { userId } = await adminSession()
    const org = h!.owner.organizationId
    const admin = { organizationId: org, userId }
    expect(() => h!.engine.organization.updateSettings(admin, { apiPort: 9000 })).toThrow(
      'Only the organization Owner can change the API port.',
    )
    expect(() =>
      h!.engine.organization.updateSettings(admin, { activityRetentionDays: 1 }),
    ).toThrow(/Owner/)
    const value = h!.engine.organization.updateSettings(h!.owner, {
      apiPort: 9000,
      apiHost: '127.0.0.2',
      patsEnabled: true,
      activityRetentionDays: 1,
    })
    expect(value.settings).toMatchObject({ apiPort: 9000, apiHost: '127.0.0.2', patsEnabled: true })
  })
})
