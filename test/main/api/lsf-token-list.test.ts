// GET /api/token/ follows Label Studio's LSAPITokenView.list (label_studio/jwt_auth/views.py):
// the caller's own live personal access tokens, never the secret, listed whether or not the
// organization allows personal access tokens right now (the view does not look at the setting).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixture, type Fixture } from './support'

describe('GET /api/token/ (LSAPITokenView list)', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await startFixture()
  })
  afterAll(() => f.close())

  const setPats = (on: boolean) =>
    f.deps.db.prepare('UPDATE organizations SET pats_enabled = ?').run(on ? 1 : 0)

  it("lists the caller's own personal access tokens as [{token, created_at, expires_at}]", async () => {
    setPats(true)
    const made = await f.req('POST', '/api/token/', { token: f.tokens.MA })
    expect(made.status).toBe(201)
    await f.req('POST', '/api/token/', { token: f.tokens.AN })
    const list = await f.req('GET', '/api/token/', { token: f.tokens.MA })
    expect(list.status).toBe(200)
    expect(list.body).toHaveLength(1)
    expect(Object.keys(list.body[0]).sort()).toEqual(['created_at', 'expires_at', 'token'])
    expect(list.body[0].token).not.toBe(made.body.token)
    expect(made.body.token.endsWith(list.body[0].token.slice(-4))).toBe(true)
    expect(list.body[0].created_at).toBe(made.body.created_at)
    // API keys are not personal access tokens.
    expect((await f.req('GET', '/api/token/', { token: f.tokens.RE })).body).toEqual([])
  })

  it('still lists them when the organization has personal access tokens disabled', async () => {
    setPats(false)
    const list = await f.req('GET', '/api/token/', { token: f.tokens.MA })
    expect(list.status).toBe(200)
    expect(list.body).toHaveLength(1)
    expect((await f.req('POST', '/api/token/', { token: f.tokens.MA })).status).toBe(403)
  })

  it('needs credentials', async () => {
    expect((await f.req('GET', '/api/token/')).status).toBe(401)
  })
})
