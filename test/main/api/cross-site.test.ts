import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApiServer } from '../../../src/main/api/server'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { makeEngine, type TestEngine } from '../../support/engine'

let t: (TestEngine & { app: FastifyInstance; base: string; token: string }) | null = null

async function setup() {
  const e = makeEngine()
  const { token } = e.engine.serviceAccounts.create(e.owner, { name: 'sdk-bot', role: 'AD' })
  const app = buildApiServer({ engine: e.engine, log: () => {} })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  t = { ...e, app, base, token }
  return t
}

afterEach(async () => {
  await t?.app.close()
  t?.close()
  t = null
})

const lastApiEntry = (e: TestEngine) =>
  e.db
    .prepare("SELECT * FROM activity_entries WHERE kind = 'api' ORDER BY id DESC LIMIT 1")
    .get() as ActivityRow

describe('browsers cannot reach the REST API cross-site', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (another port or subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['Origin: null (a sandboxed frame or file: page)', { origin: 'null' }],
    ['another port of this machine', { origin: 'http://127.0.0.1:5173' }],
  ])('%s: 403 in Label Studio error shape, before the token is even read', async (_, headers) => {
    const e = await setup()
    const res = await fetch(`${e.base}/api/projects/`, {
      headers: { authorization: `Token ${e.token}`, ...headers },
    })
    expect(res.status).toBe(403)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ status_code: 403, exc_info: null })
    expect(body.detail).toMatch(/cross-site/i)
    expect(Object.keys(body).sort()).toEqual(['detail', 'exc_info', 'id', 'status_code', 'version'])
    // Refused before authentication: the entry names nobody and the token was not used.
    const entry = lastApiEntry(e)
    expect(entry).toMatchObject({ status: 403, actor_id: null, token_id: null })
    expect(JSON.parse(entry.details!)).toMatchObject({ refusal: 'origin' })
    const tokens = e.db.prepare('SELECT last_used_at FROM api_tokens').all() as {
      last_used_at: number | null
    }[]
    expect(tokens.every((x) => x.last_used_at === null)).toBe(true)
  })

  it('a CORS preflight from another site is refused the same way', async () => {
    const e = await setup()
    const res = await fetch(`${e.base}/api/projects/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.example',
        'sec-fetch-site': 'cross-site',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('the SDK, curl and scripts (neither header) and our own pages keep working', async () => {
    const e = await setup()
    const ok = async (headers: Record<string, string>) => {
      const res = await fetch(`${e.base}/api/current-user/whoami`, {
        headers: { authorization: `Token ${e.token}`, ...headers },
      })
      await res.arrayBuffer()
      return res.status
    }
    expect(await ok({ 'user-agent': 'python-requests/2.32.3' })).toBe(200)
    expect(await ok({ 'user-agent': 'curl/8.5.0' })).toBe(200)
    expect(await ok({ 'sec-fetch-site': 'none' })).toBe(200)
    expect(await ok({ 'sec-fetch-site': 'same-origin', origin: e.base })).toBe(200)
  })

  it('a page hammering the API cross-site is summarized, not recorded request by request', async () => {
    const e = await setup()
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${e.base}/api/projects/`, {
        headers: { 'sec-fetch-site': 'cross-site', 'user-agent': 'Mozilla/5.0' },
      })
      await res.arrayBuffer()
    }
    e.engine.activity.flushRefusals(true)
    const rows = e.db
      .prepare("SELECT * FROM activity_entries WHERE kind = 'api' AND status = 403")
      .all() as ActivityRow[]
    expect(rows).toHaveLength(11)
    const summary = rows.find((r) => r.action === 'refusal.summary')!
    expect(JSON.parse(summary.details!).summary).toMatchObject({
      count: 30,
      reason: 'origin',
      user_agents: ['Mozilla/5.0'],
    })
  })
})
