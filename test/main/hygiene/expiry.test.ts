import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DAY_MS } from '../../../src/main/engine/deps'
import { makeEngine, type TestEngine } from '../../support/engine'
import { adminEntries, refused } from '../engine/helpers'
import { startFixture, type Fixture } from '../api/support'

let t: TestEngine
beforeEach(() => {
  t = makeEngine()
})
afterEach(() => t.close())

const verify = (x: string) => {
  const v = t.engine.tokens.verify(x)
  return v.ok ? 'ok' : v.reason
}

describe('expiry per token', () => {
  it('is chosen at create and at reset, shown with the account, and enforced', async () => {
    const now = t.clock.now()
    const created = await t.value('serviceAccounts:create', {
      name: 'nightly',
      role: 'AD',
      expiresAt: now + 3 * DAY_MS,
    })
    expect(created.account.token?.expiresAt).toBe(now + 3 * DAY_MS)
    t.clock.set(now + 3 * DAY_MS - 1)
    expect(verify(created.token)).toBe('ok')
    t.clock.set(now + 3 * DAY_MS)
    expect(verify(created.token)).toBe('expired')
    const reset = await t.value('serviceAccounts:resetToken', {
      userId: created.account.userId,
      expiresAt: t.clock.now() + 10 * DAY_MS,
    })
    expect(reset.account.token?.expiresAt).toBe(t.clock.now() + 10 * DAY_MS)
    expect(verify(reset.token)).toBe('ok')
  })

  it('stays within the organization’s maximum lifetime; out-of-bounds choices write nothing', async () => {
    await t.value('org:updateSettings', { tokenMaxLifetimeDays: 30 })
    const now = t.clock.now()
    const before = adminEntries(t).length
    for (const expiresAt of [null, now + 31 * DAY_MS, now - 1]) {
      const e = refused(
        await t.call('serviceAccounts:create', { name: 'bot', role: 'AD', expiresAt }),
        'VALIDATION',
        'expiresAt',
      )
      expect(e.message).toMatch(/at most 30 days|in the future/)
    }
    expect(adminEntries(t)).toHaveLength(before)
    expect(await t.value('serviceAccounts:list')).toEqual([])
    // Omitted: the maximum; within it: as chosen.
    const byDefault = await t.value('serviceAccounts:create', { name: 'bot', role: 'AD' })
    expect(byDefault.account.token?.expiresAt).toBe(now + 30 * DAY_MS)
    const chosen = await t.value('serviceAccounts:resetToken', {
      userId: byDefault.account.userId,
      expiresAt: now + 5 * DAY_MS,
    })
    expect(chosen.account.token?.expiresAt).toBe(now + 5 * DAY_MS)
  })

  it('shows the maximum lifetime’s end for a token issued before the maximum was set', async () => {
    const created = await t.value('serviceAccounts:create', { name: 'old', role: 'AD' })
    expect(created.account.token?.expiresAt).toBeNull()
    await t.value('org:updateSettings', { tokenMaxLifetimeDays: 10 })
    const account = await t.value('serviceAccounts:get', { userId: created.account.userId })
    expect(account.token?.expiresAt).toBe(created.account.createdAt + 10 * DAY_MS)
  })
})

let f: Fixture
describe('expiry over the REST API', () => {
  afterEach(async () => f?.close())

  it('takes expires_at at create and reset (ISO 8601), and refuses one out of bounds', async () => {
    f = await startFixture()
    const base = `/api/organizations/${f.org}/service-accounts`
    const at = new Date(f.clock.now() + 2 * DAY_MS).toISOString()
    const created = await f.req('POST', base, {
      token: f.tokens.OW,
      body: { name: 'expiring-bot', role: 'AD', expires_at: at },
    })
    expect(created.status).toBe(201)
    expect(created.body.token).toMatch(/^tsa_/)
    const listed = (await f.req('GET', base, { token: f.tokens.OW })).body as {
      name: string
      token: { expires_at: string }
    }[]
    expect(listed.find((a) => a.name === 'expiring-bot')?.token.expires_at).toBe(at)

    const past = await f.req('POST', `${base}/${created.body.id}/reset-token`, {
      token: f.tokens.OW,
      body: { expires_at: new Date(f.clock.now() - 1000).toISOString() },
    })
    expect(past.status).toBe(400)
    expect(JSON.stringify(past.body)).toContain('The expiry must be in the future')
    const notIso = await f.req('POST', `${base}/${created.body.id}/reset-token`, {
      token: f.tokens.OW,
      body: { expires_at: 'next week' },
    })
    expect(notIso.status).toBe(400)
    expect(notIso.body.validation_errors).toHaveProperty('expires_at')
  })
})
