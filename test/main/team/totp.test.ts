import { generateSync } from 'otplib'
import { afterEach, describe, expect, it } from 'vitest'
import { FREE_FAILURES } from '../../../src/main/engine/auth/throttle'
import { cookieOf, makeHarness, OWNER_EMAIL, OWNER_PASSWORD, type Harness } from '../auth/harness'

let h: Harness
afterEach(async () => {
  await h?.app.close()
})

const ADA = 'ada@acme.test'
const PASSWORD = 'ada lovelace engine'

type Session = { cookie: string; csrf: string }
const rpc = async (s: Session, channel: string, payload: object = {}) => {
  const res = await h.app.inject({
    method: 'POST',
    url: `/rpc/${channel}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload,
  })
  return { status: res.statusCode, body: res.json() }
}
const login = (email: string, password: string, code?: string, remoteAddress?: string) =>
  h.app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { email, password, ...(code !== undefined ? { code } : {}) },
    ...(remoteAddress ? { remoteAddress } : {}),
  })
const codeAt = (secret: string, ms = h.clock.now()) =>
  generateSync({ secret: secret.replace(/ /g, ''), epoch: Math.floor(ms / 1000) })

/** Ada signs in and sets up her app; returns her secret and recovery codes. */
async function enrolled() {
  h = await makeHarness()
  await h.addPerson(ADA, 'AD', PASSWORD)
  const ada = await h.signIn(ADA, PASSWORD)
  const begun = (await rpc(ada, 'totp:begin')).body.value
  const { recoveryCodes } = (await rpc(ada, 'totp:confirm', { code: codeAt(begun.secret) })).body
    .value as { recoveryCodes: string[] }
  // The code just used to confirm is spent: the next sign-in needs the next one.
  h.clock.advance(30_000)
  return { ada, secret: begun.secret as string, recoveryCodes }
}

describe('two-step sign-in (TOTP)', () => {
  it('enrols with a QR code and a typed key; a wrong first code does not turn it on', async () => {
    h = await makeHarness()
    await h.addPerson(ADA, 'AD', PASSWORD)
    const ada = await h.signIn(ADA, PASSWORD)
    const begun = (await rpc(ada, 'totp:begin')).body.value
    expect(begun.qrCode).toMatch(/^data:image\/png;base64,/)
    expect(begun.secret).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/)
    expect(begun.uri).toMatch(
      new RegExp(
        `^otpauth://totp/Tessera:ada%40acme\\.test\\?secret=${begun.secret.replace(/ /g, '')}&`,
      ),
    )
    expect(begun.uri).toContain('issuer=Tessera')
    const wrong = await rpc(ada, 'totp:confirm', { code: '000000' })
    expect(wrong.body).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { field: 'code' } },
    })
    expect((await rpc(ada, 'totp:status')).body.value).toMatchObject({
      enabled: false,
      pending: true,
    })

    const done = await rpc(ada, 'totp:confirm', { code: codeAt(begun.secret) })
    const codes = done.body.value.recoveryCodes as string[]
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/)
    // Recovery codes are stored only as hashes.
    const stored = JSON.stringify(h.db.prepare('SELECT * FROM totp_recovery_codes').all())
    for (const c of codes) expect(stored).not.toContain(c.replace('-', ''))
    expect((await rpc(ada, 'totp:status')).body.value).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    })
    const entry = h.db
      .prepare("SELECT actor_id FROM activity_entries WHERE action = 'auth.totp_enable'")
      .get()
    expect(entry).toEqual({
      actor_id: (await h.value('team:list')).find((m) => m.email === ADA)!.userId,
    })
  })

  it('asks for the code after the right password, accepts each code once, and recovery codes once', async () => {
    const { secret, recoveryCodes } = await enrolled()
    const asked = await login(ADA, PASSWORD)
    expect(asked.statusCode).toBe(401)
    expect(asked.json().error.details).toEqual({ field: 'code', totpRequired: true })
    expect(asked.headers['set-cookie']).toBeUndefined()
    // A wrong password is still just a wrong password: the code is not asked for.
    expect((await login(ADA, 'not her password')).json().error.details).toEqual({
      field: 'password',
    })
    expect((await login(ADA, PASSWORD, '123456')).statusCode).toBe(401)
    const code = codeAt(secret)
    expect((await login(ADA, PASSWORD, code)).statusCode).toBe(200)
    expect((await login(ADA, PASSWORD, code)).statusCode).toBe(401) // replayed
    expect((await login(ADA, PASSWORD, recoveryCodes[0]!.toUpperCase())).statusCode).toBe(200)
    expect((await login(ADA, PASSWORD, recoveryCodes[0]!)).statusCode).toBe(401)
  })

  it('refuses the set-up calls without the CSRF token, and opens a session only after the code', async () => {
    const { ada, secret } = await enrolled()
    for (const channel of ['totp:begin', 'totp:confirm', 'totp:disable']) {
      const res = await h.app.inject({
        method: 'POST',
        url: `/rpc/${channel}`,
        headers: { cookie: ada.cookie },
        payload: { code: '123456' },
      })
      expect(res.statusCode, channel).toBe(403)
    }
    const planted = 'tessera_session=planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaa'
    const first = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { cookie: planted },
      payload: { email: ADA, password: PASSWORD },
    })
    expect(first.headers['set-cookie']).toBeUndefined()
    const second = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { cookie: planted },
      payload: { email: ADA, password: PASSWORD, code: codeAt(secret) },
    })
    expect(cookieOf(second)).toMatch(/^tessera_session=[A-Za-z0-9_-]{43}$/)
    expect(cookieOf(second)).not.toBe(planted)
    expect(cookieOf(second)).not.toBe(ada.cookie)
  })

  it('throttles wrong codes per account, like wrong passwords', async () => {
    const { secret } = await enrolled()
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect((await login(ADA, PASSWORD, String(100000 + i))).statusCode).toBe(401)
    }
    const locked = await login(ADA, PASSWORD, codeAt(secret))
    expect(locked.statusCode).toBe(429)
    // The Owner is not held up by Ada's lock.
    expect((await login(OWNER_EMAIL, OWNER_PASSWORD)).statusCode).toBe(200)
  })

  it('turns off only with a code, and a reset of the person’s sign-in forgets it', async () => {
    const { ada, secret } = await enrolled()
    expect((await rpc(ada, 'totp:disable', { code: '000000' })).body.error.code).toBe('VALIDATION')
    const adaId = (await h.value('team:list')).find((m) => m.email === ADA)!.userId
    expect((await h.value('team:list')).find((m) => m.userId === adaId)!.totp).toBe(true)
    const issued = await h.value('team:issueInvitation', { userId: adaId })
    expect(issued.member.totp).toBe(false)
    expect(h.db.prepare('SELECT count(*) AS n FROM user_totp').get()).toEqual({ n: 0 })
    void secret
  })
})

describe('the Owner requires two-step sign-in', () => {
  it('lets a person without it only set it up, then everything', async () => {
    h = await makeHarness()
    await h.addPerson(ADA, 'AD', PASSWORD)
    const ada = await h.signIn(ADA, PASSWORD)
    // Only the Owner decides.
    expect((await rpc(ada, 'team:setTotpRequired', { required: true })).body.error.code).toBe(
      'FORBIDDEN',
    )
    expect(await h.value('team:setTotpRequired', { required: true })).toEqual({ required: true })
    const blocked = await rpc(ada, 'org:get')
    expect(blocked.status).toBe(403)
    expect(blocked.body.error.details).toEqual({ totpEnrolmentRequired: true })
    const state = await h.app.inject({ url: '/auth/session', headers: { cookie: ada.cookie } })
    expect(state.json().totpEnrolmentRequired).toBe(true)
    const begun = (await rpc(ada, 'totp:begin')).body.value
    await rpc(ada, 'totp:confirm', { code: codeAt(begun.secret) })
    expect((await rpc(ada, 'org:get')).status).toBe(200)
    // Required: it cannot be turned off.
    h.clock.advance(30_000)
    const off = await rpc(ada, 'totp:disable', { code: codeAt(begun.secret) })
    expect(off.body.error.code).toBe('FORBIDDEN')
  })
})

describe('sign-in security for invited administrators', () => {
  it('a fresh session id at every sign-in, ignoring one planted before (session fixation)', async () => {
    h = await makeHarness()
    const issued = await h.value('team:invite', { email: ADA })
    await h.app.inject({
      method: 'POST',
      url: '/auth/invitation/accept',
      payload: { token: issued.token, password: PASSWORD },
    })
    const planted = 'tessera_session=planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaa'
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { cookie: planted },
      payload: { email: ADA, password: PASSWORD },
    })
    const cookie = cookieOf(res)
    expect(cookie).not.toBe(planted)
    expect(cookie).toMatch(/^tessera_session=[A-Za-z0-9_-]{43}$/)
    const planted2 = await h.app.inject({ url: '/auth/session', headers: { cookie: planted } })
    expect(planted2.json().user).toBeNull()
    // Two sign-ins, two different sessions.
    expect(
      cookieOf(
        await h.app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { email: ADA, password: PASSWORD },
        }),
      ),
    ).not.toBe(cookie)
  })

  it('sets HttpOnly, SameSite=Strict and, behind TLS, Secure __Host- cookies; CSRF is enforced', async () => {
    h = await makeHarness({ secureCookies: true })
    await h.addPerson(ADA, 'AD', PASSWORD)
    const res = await login(ADA, PASSWORD)
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toMatch(/^__Host-tessera_session=/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    expect(setCookie).toMatch(/Secure/)
    expect(setCookie).toMatch(/Path=\//)
    expect(setCookie).not.toMatch(/Domain=/)
    const cookie = cookieOf(res)
    const noCsrf = await h.app.inject({
      method: 'POST',
      url: '/rpc/team:list',
      headers: { cookie },
      payload: {},
    })
    expect(noCsrf.statusCode).toBe(403)
    const forged = await h.app.inject({
      method: 'POST',
      url: '/rpc/team:list',
      headers: {
        cookie,
        'x-csrf-token': res.json().value.csrfToken,
        origin: 'https://evil.example',
      },
      payload: {},
    })
    expect(forged.statusCode).toBe(403)
  })

  it('throttles wrong passwords of an invited administrator per account', async () => {
    h = await makeHarness()
    await h.addPerson(ADA, 'AD', PASSWORD)
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect((await login(ADA, `wrong password ${i}`, undefined, '203.0.113.5')).statusCode).toBe(
        401,
      )
    }
    // Locked from any address: the account key holds, not only the address.
    expect((await login(ADA, PASSWORD, undefined, '203.0.113.99')).statusCode).toBe(429)
    expect((await login(OWNER_EMAIL, OWNER_PASSWORD, undefined, '203.0.113.99')).statusCode).toBe(
      200,
    )
  })
})
