import { afterEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApiServer } from '../../../src/main/api/server'
import { registerAdminHttp } from '../../../src/main/rpc/http'
import { makeEngine, type TestEngine } from '../../support/engine'
import { fakeRendererDir, OWNER_EMAIL, OWNER_PASSWORD } from '../auth/harness'

const HOST = '127.0.0.1:8080'
const FORGED = {
  'x-forwarded-for': '203.0.113.9',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'evil.example',
}

let app: FastifyInstance | null = null
afterEach(async () => {
  await app?.close()
  app = null
})

async function server(
  trustProxy?: string[],
): Promise<TestEngine & { app: FastifyInstance; token: string }> {
  const t = makeEngine()
  const token = t.engine.tokens.issue(t.owner.userId, t.owner.organizationId).token
  app = buildApiServer({ engine: t.engine, trustProxy, log: () => {} })
  registerAdminHttp(app, { engine: t.engine, rendererDir: fakeRendererDir() })
  await app.ready()
  await t.engine.auth.setup({ email: OWNER_EMAIL, password: OWNER_PASSWORD, name: 'Olga Owner' })
  return { ...t, app, token }
}

const lastIp = (t: TestEngine) =>
  (
    t.db.prepare('SELECT ip FROM activity_entries ORDER BY id DESC LIMIT 1').get() as {
      ip: string
    }
  ).ip

const whoami = (a: FastifyInstance, headers: Record<string, string>, remoteAddress?: string) =>
  a.inject({
    method: 'GET',
    url: '/api/current-user/whoami',
    headers: { host: HOST, ...headers },
    remoteAddress,
  })

/** Failed authentications until the address is locked out; returns the statuses seen. */
async function guessTokens(a: FastifyInstance, count: number, xff: (i: number) => string) {
  const statuses: number[] = []
  for (let i = 0; i < count; i++) {
    const res = await whoami(a, {
      authorization: `Token tsa_${'x'.repeat(36)}`,
      'x-forwarded-for': xff(i),
    })
    statuses.push(res.statusCode)
  }
  return statuses
}

describe('forwarding headers without --trust-proxy change nothing', () => {
  it('the logged source address is the TCP peer', async () => {
    const t = await server()
    const res = await whoami(t.app, { authorization: `Token ${t.token}`, ...FORGED })
    expect(res.statusCode).toBe(200)
    expect(lastIp(t)).toBe('127.0.0.1')
  })

  it('X-Forwarded-Host does not get past the Host guard, nor trip it', async () => {
    const t = await server()
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/current-user/whoami',
      headers: {
        host: 'evil.example',
        'x-forwarded-host': HOST,
        authorization: `Token ${t.token}`,
      },
    })
    expect(forged.statusCode).toBe(403)
    const fine = await whoami(t.app, {
      authorization: `Token ${t.token}`,
      'x-forwarded-host': 'evil.example',
    })
    expect(fine.statusCode).toBe(200)
  })

  it('the rate-limit key is the TCP peer: a new X-Forwarded-For each try does not escape the lockout', async () => {
    const t = await server()
    const statuses = await guessTokens(t.app, 22, (i) => `198.51.100.${i + 1}`)
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(20)).toEqual([429, 429])
  })

  it('the admin session cookie keeps its flags when X-Forwarded-Proto says https', async () => {
    const t = await server()
    const res = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { host: HOST, ...FORGED },
      payload: { email: OWNER_EMAIL, password: OWNER_PASSWORD },
    })
    expect(res.statusCode).toBe(200)
    const cookie = String(res.headers['set-cookie'])
    expect(cookie).not.toMatch(/;\s*Secure/i)
    expect(cookie).not.toMatch(/^__Host-/)
    const session = t.db.prepare('SELECT ip FROM admin_sessions ORDER BY id DESC LIMIT 1').get() as
      | { ip: string | null }
      | undefined
    expect(session?.ip).toBe('127.0.0.1')
  })
})

describe('with --trust-proxy naming the proxy', () => {
  it('the client address comes from X-Forwarded-For, only for requests the proxy relays', async () => {
    const t = await server(['127.0.0.1'])
    await whoami(t.app, { authorization: `Token ${t.token}`, 'x-forwarded-for': '203.0.113.9' })
    expect(lastIp(t)).toBe('203.0.113.9')
    // Another peer is not the proxy: its header is ignored.
    await whoami(
      t.app,
      { authorization: `Token ${t.token}`, 'x-forwarded-for': '203.0.113.9' },
      '192.0.2.5',
    )
    expect(lastIp(t)).toBe('192.0.2.5')
  })

  it('each relayed client has its own lockout', async () => {
    const t = await server(['127.0.0.1'])
    const attacker = await guessTokens(t.app, 21, () => '203.0.113.66')
    expect(attacker.at(-1)).toBe(429)
    const bystander = await guessTokens(t.app, 1, () => '203.0.113.77')
    expect(bystander).toEqual([401])
  })
})
