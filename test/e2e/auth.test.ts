import { request as httpRequest } from 'node:http'
import Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshots, watchConsole } from './support/browser'
import { OWNER, expectSignedIn, firstRunSetup, sessionOf, signIn } from './support/flows'
import { ensureBuilt, startServe, type ServeProcess } from './support/server'

const why = ensureBuilt()
if (why) process.stderr.write(`[e2e] skipping the serve-mode suite: ${why}\n`)

/** A raw request with any Host header (fetch will not let us forge one). */
function rawGet(
  port: number,
  path: string,
  host: string,
): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (r) => {
      let body = ''
      r.on('data', (d: Buffer) => (body += d.toString()))
      r.on('end', () => res({ status: r.statusCode ?? 0, body }))
    })
    req.on('error', rej)
    req.end()
  })
}

describe.skipIf(why !== null)('serve mode: sign-in and the admin transport (real Chromium)', () => {
  let server: ServeProcess
  let browser: Browser
  let page: Page
  let consoleLog: () => string
  const shot = screenshots('auth')

  beforeAll(async () => {
    server = await startServe()
    browser = await launchChromium()
    page = await browser.newPage()
    consoleLog = watchConsole(page)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('serves the built UI at / with security headers', async () => {
    const res = await fetch(`${server.url}/`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<div id="root">')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('answers /rpc/* without a session with 401', async () => {
    const res = await fetch(`${server.url}/rpc/org:get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('refuses a non-loopback Host header (DNS rebinding)', async () => {
    for (const path of ['/', '/auth/session', '/api/version']) {
      const res = await rawGet(server.port, path, 'attacker.example')
      expect(res.status, path).toBe(403)
    }
    expect((await rawGet(server.port, '/auth/session', `localhost:${server.port}`)).status).toBe(
      200,
    )
  })

  it('first-run setup, then sign-in; a wrong password is refused', async () => {
    try {
      await firstRunSetup(page, server.url)
      await shot(page, 'setup-done-sign-in')
      await signIn(page, OWNER.email, 'not my password')
      await page.getByRole('alert').getByText('Email or password is incorrect').waitFor()
      await shot(page, 'wrong-password')
      await signIn(page)
      await expectSignedIn(page)
      await shot(page, 'signed-in')
    } catch (err) {
      throw new Error(
        `${(err as Error).message}\nbrowser console:\n${consoleLog()}\nserver:\n${server.output()}`,
      )
    }
  })

  it('refuses setup once it is done', async () => {
    const res = await fetch(`${server.url}/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'late@acme.test', password: 'another long one' }),
    })
    expect(res.status).toBe(409)
  })

  it('refuses /rpc/* with the session cookie but without the CSRF token', async () => {
    const { cookie, csrf } = await sessionOf(page)
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/rpc/org:get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: '{}',
      })
    expect((await post({})).status).toBe(403)
    expect((await post({ 'x-csrf-token': 'forged' })).status).toBe(403)
    const ok = await post({ 'x-csrf-token': csrf })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ ok: true })
  })

  it('pushes engine events to the signed-in browser over /rpc/events', async () => {
    const received = page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const source = new EventSource('/rpc/events')
          const timer = setTimeout(() => reject(new Error('no event within 10 s')), 10_000)
          source.addEventListener('open', () => {
            // Any API request is recorded, and every recorded entry is announced.
            void fetch('/api/current-user/whoami')
          })
          source.addEventListener('activity:appended', (e) => {
            clearTimeout(timer)
            source.close()
            resolve((e as unknown as { data: string }).data)
          })
        }),
    )
    expect(JSON.parse(await received)).toMatchObject({ lastId: expect.any(Number) })
  })

  it('an expired session sends the browser back to sign-in', async () => {
    const { cookie, csrf } = await sessionOf(page)
    // Age every session past its idle deadline, as if the admin had walked away.
    const db = new Database(server.dbPath)
    db.prepare('UPDATE admin_sessions SET idle_expires_at = 0').run()
    db.close()
    const res = await fetch(`${server.url}/rpc/org:get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: '{}',
    })
    expect(res.status).toBe(401)
    // The next screen the admin opens calls /rpc/*, gets 401, and the app returns to sign-in.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Members' })
      .click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.getByText(/session has ended/).waitFor()
    await shot(page, 'expired-session')
  })
})
