import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GRACE_MS } from '../../../src/shared/rotation'
import { makeEngine, type TestEngine } from '../../support/engine'
import { adminEntries, refused } from '../engine/helpers'

let t: TestEngine
let token: string
let userId: number
beforeEach(async () => {
  t = makeEngine()
  const r = await t.value('serviceAccounts:create', { name: 'pipeline', role: 'AD' })
  token = r.token
  userId = r.account.userId
})
afterEach(() => t.close())

const verify = (x: string) => {
  const v = t.engine.tokens.verify(x)
  return v.ok ? 'ok' : v.reason
}

describe('Reset Token with a grace period', () => {
  it('by default ends the old token at once, as Label Studio does', async () => {
    const reset = await t.value('serviceAccounts:resetToken', { userId })
    expect(verify(token)).toBe('revoked')
    expect(verify(reset.token)).toBe('ok')
    expect(reset.account.previousToken).toBeNull()
  })

  it('keeps the previous token valid until the grace ends, never past it', async () => {
    const reset = await t.value('serviceAccounts:resetToken', { userId, grace: '1h' })
    const until = t.clock.now() + GRACE_MS['1h']
    expect(reset.account.previousToken).toMatchObject({ validUntil: until })
    expect(reset.account.token?.display).not.toBe(reset.account.previousToken?.display)
    // Both work meanwhile, and the previous one is told apart.
    expect(verify(reset.token)).toBe('ok')
    const old = t.engine.tokens.verify(token)
    expect(old.ok && old.principal.graceUntil).toBe(until)
    // The verification above cached the row: the clock alone ends the grace.
    t.clock.set(until - 1)
    expect(verify(token)).toBe('ok')
    t.clock.set(until)
    expect(verify(token)).toBe('revoked')
    expect(verify(reset.token)).toBe('ok')
    const after = await t.value('serviceAccounts:get', { userId })
    expect(after.previousToken).toBeNull()
  })

  it('"End now" stops the previous token at once and is recorded', async () => {
    await t.value('serviceAccounts:resetToken', { userId, grace: '24h' })
    expect(verify(token)).toBe('ok')
    const account = await t.value('serviceAccounts:endGrace', { userId })
    expect(account.previousToken).toBeNull()
    expect(verify(token)).toBe('revoked')
    const entry = adminEntries(t).at(-1)!
    expect(entry).toMatchObject({ action: 'service_account.end_grace', target_user_id: userId })
    // Nothing left to end: a clear conflict, nothing written.
    const before = adminEntries(t).length
    refused(await t.call('serviceAccounts:endGrace', { userId }), 'CONFLICT')
    expect(adminEntries(t)).toHaveLength(before)
  })

  it('records the grace and the end of the previous token with the reset', async () => {
    const reset = await t.value('serviceAccounts:resetToken', { userId, grace: '15m' })
    expect(adminEntries(t).at(-1)).toMatchObject({
      action: 'service_account.reset_token',
      details: {
        name: 'pipeline',
        grace: '15m',
        tokenId: reset.account.token!.id,
        previousTokenId: reset.account.previousToken!.id,
        previousValidUntil: t.clock.now() + GRACE_MS['15m'],
      },
    })
  })

  it('accepts at most one previous token: a second reset ends the first grace', async () => {
    const first = await t.value('serviceAccounts:resetToken', { userId, grace: '24h' })
    const second = await t.value('serviceAccounts:resetToken', { userId, grace: '24h' })
    expect(verify(token)).toBe('revoked')
    expect(verify(first.token)).toBe('ok')
    expect(verify(second.token)).toBe('ok')
    expect(second.account.previousToken?.display).toBe(first.account.token?.display)
  })

  it('refuses the previous token like the current one while deactivated; deletion ends the grace', async () => {
    await t.value('serviceAccounts:resetToken', { userId, grace: '24h' })
    await t.value('serviceAccounts:changeRole', { userId, role: 'DI' })
    expect(verify(token)).toBe('deactivated')
    await t.value('serviceAccounts:changeRole', { userId, role: 'AD' })
    expect(verify(token)).toBe('ok')
    await t.value('serviceAccounts:delete', { userId, confirmName: 'pipeline' })
    expect(verify(token)).toBe('deleted')
    const back = await t.value('serviceAccounts:undelete', { userId })
    expect(verify(token)).toBe('revoked')
    expect(back.account.previousToken).toBeNull()
  })

  it('refuses an unknown grace with a validation error and changes nothing', async () => {
    const r = await t.call('serviceAccounts:resetToken', {
      userId,
      grace: '2d' as never,
    })
    refused(r, 'VALIDATION')
    expect(verify(token)).toBe('ok')
  })
})

describe('a leak check during a grace period', () => {
  it('reports the previous token as live until its grace ends', async () => {
    await t.value('serviceAccounts:resetToken', { userId, grace: '15m' })
    const scan = () => t.value('security:scanTokens', { text: `export TOKEN=${token}` })
    expect((await scan())[0]).toMatchObject({ status: 'live' })
    t.clock.advance(15 * 60_000)
    expect((await scan())[0]).toMatchObject({ status: 'revoked' })
  })
})
