import { afterEach, describe, expect, it } from 'vitest'
import { SERVICE_ACCOUNT_SIGN_IN_MESSAGE } from '../../../src/shared/auth'
import { SESSION_IDLE_MS } from '../../../src/main/engine/auth/auth.service'
import { FREE_FAILURES } from '../../../src/main/engine/auth/throttle'
import { cookieOf, makeHarness, OWNER_EMAIL, OWNER_PASSWORD, type Harness } from '../auth/harness'

let h: Harness
afterEach(async () => {
  await h?.app.close()
})

const rpc = (cookie: string, csrf: string | null, channel = 'org:get', payload: unknown = {}) =>
  h.app.inject({
    method: 'POST',
    url: `/rpc/${channel}`,
    headers: { cookie, ...(csrf !== null ? { 'x-csrf-token': csrf } : {}) },
    payload: payload as object,
  })

describe('admin HTTP: first-run setup', () => {
  it('reports setup as required, answers it on loopback once, then refuses', async () => {
    h = await makeHarness({ setup: false })
    expect((await h.app.inject('/auth/session')).json()).toEqual({
      setupRequired: true,
      user: null,
      csrfToken: null,
      totpEnrolmentRequired: false,
    })
    const body = { email: 'olga@acme.test', password: 'a long password', name: 'Olga' }
    const ok = await h.app.inject({ method: 'POST', url: '/auth/setup', payload: body })
    expect(ok.statusCode).toBe(200)
    expect((await h.app.inject('/auth/session')).json().setupRequired).toBe(false)
    const again = await h.app.inject({ method: 'POST', url: '/auth/setup', payload: body })
    expect(again.statusCode).toBe(409)
  })

  it('refuses setup from a non-loopback address and through a proxy', async () => {
    h = await makeHarness({ setup: false })
    const body = { email: 'mallory@evil.test', password: 'a long password' }
    const remote = await h.app.inject({
      method: 'POST',
      url: '/auth/setup',
      remoteAddress: '192.168.1.20',
      payload: body,
    })
    expect(remote.statusCode).toBe(403)
    expect(remote.json().error.code).toBe('FORBIDDEN')
    const proxied = await h.app.inject({
      method: 'POST',
      url: '/auth/setup',
      headers: { 'x-forwarded-for': '203.0.113.9' },
      payload: body,
    })
    expect(proxied.statusCode).toBe(403)
    expect(h.engine.auth.setupRequired()).toBe(true)
  })

  it('validates the setup form with the field named', async () => {
    h = await makeHarness({ setup: false })
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth/setup',
      payload: { email: 'olga@acme.test', password: 'short' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'VALIDATION', details: { field: 'password' } })
  })
})

describe('admin HTTP: sign-in', () => {
  it('sets an HttpOnly SameSite=Strict session cookie and returns the CSRF token', async () => {
    h = await makeHarness()
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: OWNER_EMAIL, password: OWNER_PASSWORD },
    })
    expect(res.statusCode).toBe(200)
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toMatch(/^tessera_session=/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    expect(setCookie).toMatch(/Path=\//)
    const session = await h.app.inject({ url: '/auth/session', headers: { cookie: cookieOf(res) } })
    expect(session.json()).toMatchObject({
      user: { email: OWNER_EMAIL, role: 'OW' },
      csrfToken: res.json().value.csrfToken,
    })
  })

  it('marks the cookie Secure with the __Host- prefix when configured', async () => {
    h = await makeHarness({ secureCookies: true })
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: OWNER_EMAIL, password: OWNER_PASSWORD },
    })
    expect(String(res.headers['set-cookie'])).toMatch(/^__Host-tessera_session=.*Secure/)
  })

  it('refuses a wrong password with 401', async () => {
    h = await makeHarness()
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: OWNER_EMAIL, password: 'wrong password' },
    })
    expect(res.statusCode).toBe(401)
    expect(res.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Email or password is incorrect',
    })
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('refuses a service account with 403 and the exact message, and records it', async () => {
    h = await makeHarness()
    const issued = await h.value('serviceAccounts:create', { name: 'ingest-bot', role: 'AD' })
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: issued.account.email, password: 'anything goes' },
    })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.message).toBe(SERVICE_ACCOUNT_SIGN_IN_MESSAGE)
    const entry = h.db
      .prepare("SELECT * FROM activity_entries WHERE url = '/auth/login' ORDER BY id DESC LIMIT 1")
      .get() as { actor_id: number; status: number }
    expect(entry).toMatchObject({ actor_id: issued.account.userId, status: 403 })
  })

  it('tells a Manager they have no access to organization administration', async () => {
    h = await makeHarness()
    await h.addPerson('mo@acme.test', 'MA', 'manager password')
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'mo@acme.test', password: 'manager password' },
    })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.message).toMatch(/no access to organization administration/)
  })

  it('answers 429 with Retry-After after repeated failures', async () => {
    h = await makeHarness()
    for (let i = 0; i < FREE_FAILURES; i++) {
      await h.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: OWNER_EMAIL, password: `guess ${i}` },
      })
    }
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: OWNER_EMAIL, password: OWNER_PASSWORD },
    })
    expect(res.statusCode).toBe(429)
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('signs out with the CSRF token; the cookie stops working', async () => {
    h = await makeHarness()
    const { cookie, csrf } = await h.signIn()
    const forged = await h.app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie } })
    expect(forged.statusCode).toBe(403)
    const out = await h.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    })
    expect(out.statusCode).toBe(200)
    expect((await rpc(cookie, csrf)).statusCode).toBe(401)
  })
})

describe('admin HTTP: /rpc transport', () => {
  it('answers 401 UNAUTHENTICATED without a session', async () => {
    h = await makeHarness()
    const res = await h.app.inject({ method: 'POST', url: '/rpc/org:get', payload: {} })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect((await rpc('tessera_session=forged', 'x')).statusCode).toBe(401)
  })

  it('dispatches as the signed-in admin with the Result envelope', async () => {
    h = await makeHarness()
    const { cookie, csrf } = await h.signIn()
    const res = await rpc(cookie, csrf, 'workspaces:create', { title: 'Vision' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ ok: true, value: { title: 'Vision' } })
    const entry = h.db
      .prepare("SELECT actor_id FROM activity_entries WHERE action = 'workspace.create'")
      .get() as { actor_id: number }
    expect(entry.actor_id).toBe(h.owner.userId)
    // Engine refusals and bad input stay HTTP 200 with an error envelope.
    const bad = await rpc(cookie, csrf, 'workspaces:create', { title: '' })
    expect(bad.statusCode).toBe(200)
    expect(bad.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect((await rpc(cookie, csrf, 'nope:nothing')).json().error.code).toBe('VALIDATION')
  })

  it('refuses a missing or wrong CSRF token with 403', async () => {
    h = await makeHarness()
    const { cookie, csrf } = await h.signIn()
    expect((await rpc(cookie, null)).statusCode).toBe(403)
    const wrong = await rpc(cookie, csrf.slice(0, -2) + 'xx')
    expect(wrong.statusCode).toBe(403)
    expect(wrong.json().error.code).toBe('FORBIDDEN')
  })

  it('refuses an expired session', async () => {
    h = await makeHarness()
    const { cookie, csrf } = await h.signIn()
    expect((await rpc(cookie, csrf)).statusCode).toBe(200)
    h.clock.advance(SESSION_IDLE_MS + 1)
    expect((await rpc(cookie, csrf)).statusCode).toBe(401)
    expect(
      (await h.app.inject({ url: '/auth/session', headers: { cookie } })).json().user,
    ).toBeNull()
  })

  it('refuses bodies over 1 MB with 413', async () => {
    h = await makeHarness()
    const { cookie, csrf } = await h.signIn()
    const res = await rpc(cookie, csrf, 'workspaces:create', {
      title: 'x',
      description: 'y'.repeat(1024 * 1024),
    })
    expect(res.statusCode).toBe(413)
  })

  it('refuses a foreign Host header and a cross-site Origin', async () => {
    h = await makeHarness()
    const { cookie, csrf } = await h.signIn()
    const host = await h.app.inject({
      method: 'POST',
      url: '/rpc/org:get',
      headers: { host: 'evil.example:8080', cookie, 'x-csrf-token': csrf },
      payload: {},
    })
    expect(host.statusCode).toBe(403)
    expect(
      (await h.app.inject({ url: '/', headers: { host: 'rebind.evil.example' } })).statusCode,
    ).toBe(403)
    const origin = await h.app.inject({
      method: 'POST',
      url: '/rpc/org:get',
      headers: { origin: 'http://evil.example', cookie, 'x-csrf-token': csrf },
      payload: {},
    })
    expect(origin.statusCode).toBe(403)
  })
})

describe('admin HTTP: the UI', () => {
  it('serves index.html with security headers, for client routes too', async () => {
    h = await makeHarness()
    for (const url of ['/', '/service-accounts']) {
      const res = await h.app.inject(url)
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('<div id="root">')
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/)
      expect(res.headers['x-frame-options']).toBe('DENY')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
    }
    const asset = await h.app.inject('/assets/index-abc123.js')
    expect(asset.headers['content-type']).toMatch(/javascript/)
    expect(asset.headers['cache-control']).toMatch(/immutable/)
  })

  it('does not serve files outside the build or shadow other prefixes', async () => {
    h = await makeHarness()
    expect((await h.app.inject('/../../etc/passwd')).body).not.toContain('root:')
    expect((await h.app.inject('/%2e%2e/%2e%2e/etc/passwd')).body).not.toContain('root:')
    expect((await h.app.inject('/assets/missing.js')).statusCode).toBe(404)
    expect((await h.app.inject('/api/not-here')).statusCode).toBe(404)
  })
})
