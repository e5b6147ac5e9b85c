import { beforeEach, describe, expect, it } from 'vitest'
import { DAY_MS } from '../../../src/main/engine/deps'
import { TOKEN_FAILURE_MESSAGES, hashToken } from '../../../src/main/engine/tokens.service'
import { formatToken } from '../../../src/shared/token-format'
import { makeEngine, seededRandom, type TestEngine } from '../../support/engine'

let t: TestEngine
let token: string
let userId: number
beforeEach(async () => {
  t = makeEngine()
  const r = await t.value('serviceAccounts:create', { name: 'api-bot', role: 'AD' })
  token = r.token
  userId = r.account.userId
})

const verify = (x: string) => {
  const v = t.engine.tokens.verify(x)
  return v.ok ? 'ok' : v.reason
}

describe('verifying a token', () => {
  it('accepts a live token and names its owner, role and credential', () => {
    const v = t.engine.tokens.verify(token)
    if (!v.ok) throw new Error(v.reason)
    expect(v.principal).toMatchObject({
      userId,
      organizationId: t.owner.organizationId,
      role: 'AD',
      kind: 'service',
      tokenKind: 'api_key',
    })
    expect(v.principal.tokenId).toBe(t.repos.apiTokens.live(userId)[0]!.id)
  })

  it('tells malformed, mistyped and unknown tokens apart', () => {
    expect(verify('not a token')).toBe('malformed')
    expect(verify(token + 'x')).toBe('malformed')
    expect(verify('')).toBe('malformed')
    const i = 12
    const typo = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1)
    expect(verify(typo)).toBe('bad_checksum')
    // Well-formed, right checksum, never issued.
    expect(verify(formatToken(seededRandom('elsewhere')))).toBe('unknown')
  })

  it('refuses every token of the organization at once when API keys are disabled', async () => {
    await t.value('org:updateSettings', { apiKeysEnabled: false })
    expect(verify(token)).toBe('disabled')
    await t.value('org:updateSettings', { apiKeysEnabled: true })
    expect(verify(token)).toBe('ok')
  })

  it('applies a maximum lifetime to tokens created before the setting too', async () => {
    t.clock.advance(10 * DAY_MS)
    expect(verify(token)).toBe('ok')
    await t.value('org:updateSettings', { tokenMaxLifetimeDays: 7 })
    expect(verify(token)).toBe('expired')
    // Lifting the limit lets that older token work again; it never had its own expiry.
    await t.value('org:updateSettings', { tokenMaxLifetimeDays: null })
    expect(verify(token)).toBe('ok')
  })

  it('gives new tokens an expiry under a maximum lifetime, and refuses them after it', async () => {
    await t.value('org:updateSettings', { tokenMaxLifetimeDays: 30 })
    const reset = await t.value('serviceAccounts:resetToken', { userId })
    expect(reset.account.token?.expiresAt).toBe(t.clock.now() + 30 * DAY_MS)
    t.clock.advance(30 * DAY_MS - 1)
    expect(verify(reset.token)).toBe('ok')
    t.clock.advance(1)
    expect(verify(reset.token)).toBe('expired')
  })

  it('has a message for every failure, for the 401 detail', () => {
    for (const [reason, message] of Object.entries(TOKEN_FAILURE_MESSAGES)) {
      expect(message.length, reason).toBeGreaterThan(5)
    }
  })

  it('stores only the SHA-256 hash and the display form', () => {
    const row = t.repos.apiTokens.live(userId)[0]!
    expect(Buffer.compare(row.hash, hashToken(token))).toBe(0)
    expect(row.display).toBe(`tsa_…${token.slice(-4)}`)
    expect(JSON.stringify(row)).not.toContain(token.slice(4, 34))
  })

  it('remembers when, from where and by what a token was last used', async () => {
    const v = t.engine.tokens.verify(token)
    if (!v.ok) throw new Error(v.reason)
    t.clock.advance(5000)
    t.engine.tokens.touch(v.principal.tokenId, '127.0.0.1', 'label-studio-sdk/1.0')
    const shown = await t.value('serviceAccounts:get', { userId })
    expect(shown.token).toMatchObject({
      lastUsedAt: t.clock.now(),
      lastUsedIp: '127.0.0.1',
      lastUsedUserAgent: 'label-studio-sdk/1.0',
    })
  })
})
