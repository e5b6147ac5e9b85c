import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DAY_MS } from '../../../src/main/engine/deps'
import { makeEngine, type TestEngine } from '../../support/engine'
import { startFixture, type Fixture } from '../api/support'
import { addAdmin, adminEntries, raiseQuota, refused } from '../engine/helpers'

let t: TestEngine
let used: { token: string; userId: number }
let idle: { token: string; userId: number }
beforeEach(async () => {
  t = makeEngine()
  await raiseQuota(t, 2)
  const a = await t.value('serviceAccounts:create', { name: 'busy', role: 'AD' })
  const b = await t.value('serviceAccounts:create', { name: 'forgotten', role: 'AD' })
  used = { token: a.token, userId: a.account.userId }
  idle = { token: b.token, userId: b.account.userId }
})
afterEach(() => t.close())

/** A request with the token, as the API records its use. */
const use = (token: string) => {
  const v = t.engine.tokens.verify(token)
  if (!v.ok) throw new Error(v.reason)
  t.engine.tokens.touch(v.principal.tokenId, '127.0.0.1', 'test')
}

describe('stale service accounts', () => {
  it('shows since when each account is unused, counting from its last use', async () => {
    t.clock.advance(10 * DAY_MS)
    use(used.token)
    const created = t.clock.now() - 10 * DAY_MS
    t.clock.advance(5 * DAY_MS)
    const list = await t.value('serviceAccounts:list')
    const since = Object.fromEntries(list.map((a) => [a.name, a.unusedSince]))
    expect(since).toEqual({ busy: created + 10 * DAY_MS, forgotten: created })
  })

  it('is off by default; the preview lists what a rule would deactivate, changing nothing', async () => {
    expect(await t.value('serviceAccounts:staleRule')).toEqual({ days: null, setBy: null })
    t.clock.advance(40 * DAY_MS)
    use(used.token)
    t.clock.advance(DAY_MS)
    expect(t.engine.serviceAccounts.applyStaleRule()).toBe(0)
    const preview = await t.value('serviceAccounts:stalePreview', { days: 30 })
    expect(preview.map((a) => [a.name, a.unusedDays])).toEqual([['forgotten', 41]])
    expect(t.engine.tokens.verify(idle.token).ok).toBe(true)
  })

  it('switched on, deactivates at once and then daily, each recorded; reactivation reverses it', async () => {
    t.clock.advance(31 * DAY_MS)
    use(used.token)
    const { rule, deactivated } = await t.value('serviceAccounts:setStaleRule', { days: 30 })
    expect(rule).toMatchObject({ days: 30, setBy: { email: 'owner@acme.test' } })
    expect(deactivated.map((a) => a.name)).toEqual(['forgotten'])
    expect(t.engine.tokens.verify(idle.token)).toMatchObject({ reason: 'deactivated' })
    expect(t.engine.tokens.verify(used.token).ok).toBe(true)
    const entries = adminEntries(t).slice(-2)
    expect(entries.map((e) => e.action)).toEqual([
      'organization.stale_rule',
      'service_account.deactivate',
    ])
    expect(entries[1]).toMatchObject({
      target_user_id: idle.userId,
      details: { name: 'forgotten', from: 'AD', to: 'DI', rule: 'unused', days: 30 },
    })

    // Reactivated: it gets the full 30 days again before the rule can take it once more.
    await t.value('serviceAccounts:changeRole', { userId: idle.userId, role: 'AD' })
    expect(t.engine.tokens.verify(idle.token).ok).toBe(true)
    t.clock.advance(29 * DAY_MS)
    expect(t.engine.serviceAccounts.applyStaleRule()).toBe(0)
    t.clock.advance(2 * DAY_MS)
    // Both are now 30+ days unused: the daily run takes them.
    expect(t.engine.serviceAccounts.applyStaleRule()).toBe(2)
    expect(t.engine.serviceAccounts.applyStaleRule()).toBe(0)
  })

  it('only the Owner sets the rule; bad days are refused; off stops it', async () => {
    const admin = await addAdmin(t)
    refused(await t.as(admin).call('serviceAccounts:setStaleRule', { days: 30 }), 'FORBIDDEN')
    // An Administrator may look.
    expect(await t.as(admin).value('serviceAccounts:stalePreview', { days: 30 })).toEqual([])
    refused(await t.call('serviceAccounts:setStaleRule', { days: 0 }), 'VALIDATION')
    await t.value('serviceAccounts:setStaleRule', { days: 30 })
    await t.value('serviceAccounts:setStaleRule', { days: null })
    t.clock.advance(100 * DAY_MS)
    expect(t.engine.serviceAccounts.applyStaleRule()).toBe(0)
  })
})

let f: Fixture
describe('stale rule over the REST API', () => {
  afterEach(async () => f?.close())

  it('previews for an Administrator and is set by the Owner only', async () => {
    f = await startFixture()
    f.clock.advance(20 * DAY_MS)
    const preview = await f.req(
      'GET',
      `/api/organizations/${f.org}/stale-service-accounts?days=10`,
      {
        token: f.tokens.AD,
      },
    )
    expect(preview.status).toBe(200)
    // Accounts that made no request in these 20 days are listed.
    expect((preview.body as { name: string }[]).map((a) => a.name)).toContain('victim-bot')
    const path = `/api/organizations/${f.org}/stale-account-rule`
    expect((await f.req('PUT', path, { token: f.tokens.AD, body: { days: 10 } })).status).toBe(403)
    const set = await f.req('PUT', path, { token: f.tokens.OW, body: { days: 10 } })
    expect(set.status).toBe(200)
    expect(set.body.days).toBe(10)
    expect((set.body.deactivated as { name: string }[]).map((a) => a.name)).toContain('victim-bot')
    expect((await f.req('GET', '/api/current-user/whoami', { token: f.tokens.RE })).status).toBe(
      401,
    )
  })
})
