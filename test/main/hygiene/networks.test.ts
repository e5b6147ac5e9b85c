import { afterEach, describe, expect, it } from 'vitest'
import { networkAllows, parseAllowlist } from '../../../src/main/engine/access/networks'
import { makeEngine, type TestEngine } from '../../support/engine'
import { adminEntries, refused } from '../engine/helpers'

describe('network allowlists', () => {
  it('keeps canonical addresses and ranges, IPv4 and IPv6, without duplicates', () => {
    expect(
      parseAllowlist([
        ' 203.0.113.7 ',
        '10.1.2.3/8',
        '2001:0DB8::1/32',
        '::ffff:192.168.0.0/112',
        '10.0.0.0/8',
        '',
        '::1',
      ]),
    ).toEqual(['203.0.113.7', '10.0.0.0/8', '2001:db8::/32', '192.168.0.0/16', '::1'])
  })

  it('refuses what is not an address or range, naming it', () => {
    for (const bad of ['10.1', '0x0a.0.0.1', 'localhost', '10.0.0.0/33', '::1/129', '1.2.3.4/']) {
      expect(() => parseAllowlist([bad]), bad).toThrow(/is not an IP address or CIDR range/)
    }
    expect(() => parseAllowlist(Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`))).toThrow(
      /At most 100/,
    )
  })

  it('matches IPv4, IPv6 and IPv4-mapped IPv6 sources', () => {
    const list = JSON.stringify(parseAllowlist(['10.0.0.0/8', '2001:db8::/32', '127.0.0.1']))
    expect(networkAllows(list, '10.20.30.40')).toBe(true)
    expect(networkAllows(list, '::ffff:10.20.30.40')).toBe(true)
    expect(networkAllows(list, '::ffff:127.0.0.1')).toBe(true)
    expect(networkAllows(list, '2001:db8:ffff::1')).toBe(true)
    expect(networkAllows(list, '11.0.0.1')).toBe(false)
    expect(networkAllows(list, '2001:db9::1')).toBe(false)
    expect(networkAllows(list, '::1')).toBe(false)
    expect(networkAllows(list, 'not-an-address')).toBe(false)
    expect(networkAllows(null, '198.51.100.1')).toBe(true)
  })
})

let t: TestEngine
afterEach(() => t?.close())

describe('an account’s allowlist', () => {
  it('applies to the next verification, records the change, and can be lifted', async () => {
    t = makeEngine()
    const { token, account } = await t.value('serviceAccounts:create', { name: 'ci', role: 'AD' })
    const verify = (source: string) => {
      const v = t.engine.tokens.verify(token, source)
      return v.ok ? 'ok' : v.reason
    }
    expect(verify('198.51.100.9')).toBe('ok')
    const updated = await t.value('serviceAccounts:setNetworks', {
      userId: account.userId,
      networks: ['198.51.100.0/24', '2001:db8::/32'],
    })
    expect(updated.allowedNetworks).toEqual(['198.51.100.0/24', '2001:db8::/32'])
    expect(verify('198.51.100.9')).toBe('ok')
    expect(verify('203.0.113.1')).toBe('network')
    expect(adminEntries(t).at(-1)).toMatchObject({
      action: 'service_account.networks',
      details: { name: 'ci', before: [], after: ['198.51.100.0/24', '2001:db8::/32'] },
    })
    // A bad entry changes nothing.
    const before = adminEntries(t).length
    refused(
      await t.call('serviceAccounts:setNetworks', {
        userId: account.userId,
        networks: ['10.0.0.0/8', 'office'],
      }),
      'VALIDATION',
      'networks',
    )
    expect(adminEntries(t)).toHaveLength(before)
    expect(verify('10.0.0.1')).toBe('network')
    await t.value('serviceAccounts:setNetworks', { userId: account.userId, networks: [] })
    expect(verify('203.0.113.1')).toBe('ok')
  })

  it('is refused for a revoked token first: the network answer is only for working tokens', async () => {
    t = makeEngine()
    const { token, account } = await t.value('serviceAccounts:create', { name: 'ci', role: 'AD' })
    await t.value('serviceAccounts:setNetworks', { userId: account.userId, networks: ['10.0.0.1'] })
    await t.value('serviceAccounts:resetToken', { userId: account.userId })
    expect(t.engine.tokens.verify(token, '203.0.113.1')).toMatchObject({ reason: 'revoked' })
  })
})
