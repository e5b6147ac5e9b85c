import { afterEach, describe, expect, it } from 'vitest'
import { MAX_LIVE_PATS } from '../../../src/main/engine/tokens.service'
import { startFixture, type Fixture } from '../api/support'

let f: Fixture | null = null
afterEach(async () => {
  await f?.close()
  f = null
})

async function mintPat(fx: Fixture, token: string) {
  return fx.req('POST', '/api/token/', { token, body: {} })
}

describe('personal access tokens do not multiply what one account may do', () => {
  it('two PATs of the same user share the account budget: 429 with Retry-After past it', async () => {
    f = await startFixture({ limits: { perToken: 5, windowMs: 60_000 } })
    f.repos.organizations.update(f.org, { pats_enabled: 1 }, f.clock.now())
    const a = f.engine.tokens.issue(f.owner.userId, f.org, 'pat').token
    const b = f.engine.tokens.issue(f.owner.userId, f.org, 'pat').token
    const access = async (pat: string) =>
      (await f!.req('POST', '/api/token/refresh/', { body: { refresh: pat } })).body
        .access as string
    const [ja, jb] = [await access(a), await access(b)]
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      statuses.push((await f.req('GET', '/api/projects', { token: ja })).status)
      statuses.push((await f.req('GET', '/api/projects', { token: jb })).status)
    }
    // Five requests in all were allowed, whichever PAT carried them.
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    const over = await f.req('GET', '/api/projects', { token: ja })
    expect(over.status).toBe(429)
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(statuses[5]).toBe(429)
    // Another account has its own budget.
    expect((await f.req('GET', '/api/projects', { token: f.tokens.AN })).status).toBe(200)
  })

  it(`the ${MAX_LIVE_PATS + 1}th live PAT is refused with 409; revoked ones do not count`, async () => {
    f = await startFixture()
    f.repos.organizations.update(f.org, { pats_enabled: 1 }, f.clock.now())
    for (let i = 0; i < MAX_LIVE_PATS; i++) {
      expect((await mintPat(f, f.tokens.OW)).status).toBe(201)
    }
    const refused = await mintPat(f, f.tokens.OW)
    expect(refused.status).toBe(409)
    expect(refused.body.detail).toMatch(/already have 10 valid personal access tokens/)
    // Someone else may still mint theirs.
    expect((await mintPat(f, f.tokens.AD)).status).toBe(201)
    // Revoking frees the slots.
    f.engine.tokens.revokeAll(f.owner.userId, 'test')
    const fresh = f.engine.tokens.issue(f.owner.userId, f.org).token
    expect((await mintPat(f, fresh)).status).toBe(201)
  })
})
