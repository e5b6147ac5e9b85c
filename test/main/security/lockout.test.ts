import { afterEach, describe, expect, it } from 'vitest'
import { FIRST_LOCK_MS, FREE_FAILURES } from '../../../src/main/engine/auth/throttle'
import { startFixture, type Fixture } from '../api/support'
import { makeHarness, OWNER_EMAIL, OWNER_PASSWORD, type Harness } from '../auth/harness'

// A well-formed token that does not exist: each guess differs so no per-credential counter is
// what stops it.
const guess = (i: number) => `tsa_${String(i).padStart(8, '0')}${'q'.repeat(28)}`
const REMOTE = '192.0.2.7'

let f: Fixture | null = null
let h: Harness | null = null
afterEach(async () => {
  await f?.close()
  f = null
  await h?.app.close()
  h = null
})

describe('REST API: failed authentications never lock valid credentials out', () => {
  it('50 bad tokens from loopback, then a valid token still gets 200', async () => {
    f = await startFixture()
    for (let i = 0; i < 50; i++) {
      const res = await f.req('GET', '/api/projects', { token: guess(i) })
      expect(res.status).toBe(401)
    }
    expect((await f.req('GET', '/api/projects', { token: f.tokens.OW })).status).toBe(200)
  })

  it('the same bad token retried is cut off (429), while valid tokens keep working', async () => {
    f = await startFixture()
    const statuses: number[] = []
    for (let i = 0; i < 25; i++)
      statuses.push((await f.req('GET', '/api/projects', { token: guess(1) })).status)
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true)
    expect((await f.req('GET', '/api/projects', { token: f.tokens.AN })).status).toBe(200)
  })

  it('a refresh-token guesser does not block valid tokens or valid refreshes', async () => {
    f = await startFixture()
    f.repos.organizations.update(f.org, { pats_enabled: 1 }, f.clock.now())
    const pat = f.engine.tokens.issue(f.owner.userId, f.org, 'pat').token
    for (let i = 0; i < 50; i++) {
      const res = await f.req('POST', '/api/token/refresh/', { body: { refresh: guess(i) } })
      expect(res.status).toBe(401)
    }
    expect((await f.req('GET', '/api/projects', { token: f.tokens.OW })).status).toBe(200)
    const refreshed = await f.req('POST', '/api/token/refresh/', { body: { refresh: pat } })
    expect(refreshed.status).toBe(200)
    expect((await f.req('GET', '/api/projects', { token: refreshed.body.access })).status).toBe(200)
  })

  it('/api/token/refresh refuses an urlencoded body with 415', async () => {
    f = await startFixture()
    const res = await f.req('POST', '/api/token/refresh/', {
      body: 'refresh=tsa_whatever',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(415)
  })

  it('a non-loopback peer that keeps guessing IS locked out by address; its valid token is not', async () => {
    f = await startFixture()
    const host = new URL(f.base).host
    const inject = (token: string, remoteAddress = REMOTE) =>
      f!.app.inject({
        method: 'GET',
        url: '/api/projects',
        headers: { host, authorization: `Token ${token}` },
        remoteAddress,
      })
    for (let i = 0; i < 20; i++) expect((await inject(guess(i))).statusCode).toBe(401)
    const locked = await inject(guess(99))
    expect(locked.statusCode).toBe(429)
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    expect(locked.json().detail).toMatch(/from this address/)
    expect((await inject(f.tokens.OW)).statusCode).toBe(200)
    // Another address, and this machine, are not affected.
    expect((await inject(guess(100), '192.0.2.8')).statusCode).toBe(401)
    expect((await inject(guess(101), '127.0.0.1')).statusCode).toBe(401)
  })

  it('a non-loopback refresh guesser is locked out by address too', async () => {
    f = await startFixture()
    const host = new URL(f.base).host
    const refresh = (token: string) =>
      f!.app.inject({
        method: 'POST',
        url: '/api/token/refresh/',
        headers: { host, 'content-type': 'application/json' },
        payload: { refresh: token },
        remoteAddress: REMOTE,
      })
    for (let i = 0; i < 20; i++) expect((await refresh(guess(i))).statusCode).toBe(401)
    expect((await refresh(guess(20))).statusCode).toBe(429)
  })
})

describe('admin sign-in: wrong passwords never lock the Owner out', () => {
  const login = (email: string, password: string, remoteAddress?: string) =>
    h!.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email, password },
      remoteAddress,
    })

  it('10 wrong passwords for other emails from loopback: the Owner signs in at once', async () => {
    h = await makeHarness()
    for (let i = 0; i < 10; i++) {
      expect((await login(`someone${i}@acme.test`, `guess ${i}`)).statusCode).toBe(401)
    }
    for (let i = 0; i < 10; i++) await login('mallory@acme.test', `guess ${i}`)
    expect((await login(OWNER_EMAIL, OWNER_PASSWORD)).statusCode).toBe(200)
  })

  it('10 wrong passwords for the Owner: guessing is delayed, the right password works after the short lock', async () => {
    h = await makeHarness()
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) statuses.push((await login(OWNER_EMAIL, `guess ${i}`)).statusCode)
    // The free failures (the last of which sets the lock), then guesses are refused unchecked.
    expect(statuses.slice(0, FREE_FAILURES).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(FREE_FAILURES).every((s) => s === 429)).toBe(true)
    const during = await login(OWNER_EMAIL, OWNER_PASSWORD)
    expect(during.statusCode).toBe(429)
    expect(Number(during.headers['retry-after'])).toBeLessThanOrEqual(FIRST_LOCK_MS / 1000)
    h.clock.advance(FIRST_LOCK_MS)
    expect((await login(OWNER_EMAIL, OWNER_PASSWORD)).statusCode).toBe(200)
  })

  it('however long the Owner is guessed at, the lock never exceeds two minutes', async () => {
    h = await makeHarness()
    // Each round starts once the last lock ran out, so every round adds failures.
    for (let round = 0; round < 12; round++) {
      h.clock.advance(150_000)
      for (let i = 0; i < 10; i++) await login(OWNER_EMAIL, `guess ${round}.${i}`)
    }
    const during = await login(OWNER_EMAIL, OWNER_PASSWORD)
    expect(during.statusCode).toBe(429)
    expect(Number(during.headers['retry-after'])).toBeLessThanOrEqual(120)
    h.clock.advance(120_000)
    expect((await login(OWNER_EMAIL, OWNER_PASSWORD)).statusCode).toBe(200)
  })

  it('a non-loopback peer guessing many emails IS locked out by address', async () => {
    h = await makeHarness()
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect((await login(`guess${i}@acme.test`, 'password', REMOTE)).statusCode).toBe(401)
    }
    expect((await login(`guess99@acme.test`, 'password', REMOTE)).statusCode).toBe(429)
    // That address is held up even with the right password; this machine and others are not.
    expect((await login(OWNER_EMAIL, OWNER_PASSWORD, REMOTE)).statusCode).toBe(429)
    expect((await login(OWNER_EMAIL, OWNER_PASSWORD, '192.0.2.8')).statusCode).toBe(200)
    expect((await login(OWNER_EMAIL, OWNER_PASSWORD)).statusCode).toBe(200)
  })
})
