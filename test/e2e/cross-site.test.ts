import { createServer, type Server } from 'node:http'
import type { FastifyInstance } from 'fastify'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApiServer } from '../../src/main/api/server'
import type { ActivityRow } from '../../src/main/db/repos/activity.repo'
import { makeEngine, type TestEngine } from '../support/engine'
import { CHROMIUM, launchChromium } from './support/browser'
import { existsSync } from 'node:fs'

const why = existsSync(CHROMIUM) ? null : `Chromium is not installed at ${CHROMIUM}`
if (why) process.stderr.write(`[e2e] skipping the cross-site suite: ${why}\n`)

const PAGE = '<!doctype html><title>elsewhere</title><p>another site</p>'

/**
 * A real Chromium page on another origin (another loopback port, and `localhost` for a
 * different site) calling the real API, the way a malicious web page would.
 */
describe.skipIf(why !== null)('a web page on another origin cannot reach the API', () => {
  let t: TestEngine
  let app: FastifyInstance
  let api: string
  let token: string
  let other: Server
  let otherUrl: string
  let browser: Browser

  beforeAll(async () => {
    t = makeEngine()
    token = t.engine.serviceAccounts.create(t.owner, { name: 'sdk-bot', role: 'AD' }).token
    app = buildApiServer({ engine: t.engine, log: () => {} })
    // The admin UI's own page (serve mode puts it on the API's address).
    app.get('/own.html', (_req, reply) => reply.type('text/html').send(PAGE))
    await app.listen({ host: '127.0.0.1', port: 0 })
    api = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    other = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE),
    )
    await new Promise<void>((res) => other.listen(0, '127.0.0.1', res))
    otherUrl = `http://localhost:${(other.address() as { port: number }).port}/`
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await new Promise((res) => other?.close(res))
    t?.close()
  })

  const apiRows = () =>
    t.db
      .prepare("SELECT * FROM activity_entries WHERE kind = 'api' ORDER BY id")
      .all() as ActivityRow[]

  it('refuses fetch (cors and no-cors, with and without a token) before authentication', async () => {
    const page = await browser.newPage()
    await page.goto(otherUrl)
    const before = apiRows().length
    const outcome = await page.evaluate(
      async ({ api, token }) => {
        const attempt = async (init: RequestInit) => {
          try {
            const res = await fetch(`${api}/api/projects/`, init)
            return `${res.type}:${res.status}`
          } catch (e) {
            return `error:${(e as Error).name}`
          }
        }
        return {
          corsWithToken: await attempt({ headers: { Authorization: `Token ${token}` } }),
          cors: await attempt({}),
          noCors: await attempt({ mode: 'no-cors' }),
          noCorsPost: await attempt({ mode: 'no-cors', method: 'POST', body: '{}' }),
        }
      },
      { api, token },
    )
    // The page learns nothing: a network error for CORS, an opaque answer for no-cors.
    expect(outcome.corsWithToken).toBe('error:TypeError')
    expect(outcome.cors).toBe('error:TypeError')
    expect(outcome.noCors).toBe('opaque:0')
    expect(outcome.noCorsPost).toBe('opaque:0')
    const rows = apiRows().slice(before)
    // One entry per request the browser sent (the preflight included), each a 403 before
    // anyone was authenticated: never a 401, 200 or a token's use.
    expect(rows.length).toBeGreaterThanOrEqual(4)
    expect(rows.every((r) => r.status === 403 && r.actor_id === null)).toBe(true)
    expect(rows.every((r) => JSON.parse(r.details!).refusal === 'origin')).toBe(true)
    const used = t.db.prepare('SELECT last_used_at FROM api_tokens WHERE last_used_at IS NOT NULL')
    expect(used.all()).toEqual([])
    await page.close()
  })

  it('the API’s own page and clients without browser headers (SDK, curl) still work', async () => {
    const page = await browser.newPage()
    await page.goto(`${api}/own.html`)
    const own = await page.evaluate(
      async ({ token }) => {
        const res = await fetch('/api/current-user/whoami', {
          headers: { Authorization: `Token ${token}` },
        })
        return res.status
      },
      { token },
    )
    expect(own).toBe(200)
    await page.close()
    // Plain fetch from Node sends neither Origin nor Sec-Fetch-Site, as the SDK and curl.
    const res = await fetch(`${api}/api/current-user/whoami`, {
      headers: { authorization: `Token ${token}`, 'user-agent': 'label-studio-sdk' },
    })
    expect(res.status).toBe(200)
  })
})
