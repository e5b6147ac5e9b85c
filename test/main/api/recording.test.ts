import { afterEach, describe, expect, it } from 'vitest'
import { redactUrl } from '../../../src/main/api/recording'
import { DAY_MS } from '../../../src/main/engine/deps'
import { formatToken } from '../../../src/shared/token-format'
import { startFixture, type Fixture } from './support'

let f: Fixture
afterEach(async () => f?.close())

const last = () => f.apiEntries().at(-1)!

describe('every request is recorded before it is answered', () => {
  it('records 200, 401, 403, 404, 413 and malformed JSON with the right fields', async () => {
    f = await startFixture()
    const an = f.tokens.AN
    const ua = { 'user-agent': 'tessera-test/1' }

    await f.req('GET', `/api/projects/${f.pA}?page=1`, { token: an, headers: ua })
    expect(last()).toMatchObject({
      kind: 'api',
      organization_id: f.org,
      actor_id: f.userIds.AN,
      token_id: f.engine.serviceAccounts.get(f.owner, f.userIds.AN).token!.id,
      ip: '127.0.0.1',
      user_agent: 'tessera-test/1',
      method: 'GET',
      url: `/api/projects/${f.pA}?page=1`,
      status: 200,
      project_id: f.pA,
      workspace_id: f.wsA,
    })
    expect(last().actor_email).toContain('@service-accounts.tessera.local')
    expect(last().duration_ms).toBeGreaterThanOrEqual(0)

    await f.req('GET', '/api/projects/', { token: null })
    expect(last()).toMatchObject({ status: 401, actor_id: null, token_id: null, method: 'GET' })
    expect(JSON.parse(last().details!)).toMatchObject({ auth_failure: 'missing' })

    await f.req('POST', `/api/projects/${f.pA}/import`, { token: an, body: [{ text: 'x' }] })
    expect(last()).toMatchObject({ status: 403, actor_id: f.userIds.AN, project_id: f.pA })

    await f.req('GET', `/api/projects/${f.pB}`, { token: an })
    expect(last()).toMatchObject({ status: 404, actor_id: f.userIds.AN, project_id: null })

    await f.req('GET', '/api/no-such-route', { token: an })
    expect(last()).toMatchObject({ status: 404, url: '/api/no-such-route', actor_id: f.userIds.AN })

    const big = await f.req('POST', '/api/tasks/', {
      token: an,
      body: { project: f.pA, data: { text: 'x'.repeat(1024 * 1024 + 10) } },
    })
    expect(big.status).toBe(413)
    expect(big.body).toMatchObject({ status_code: 413, exc_info: null })
    expect(last()).toMatchObject({ status: 413, method: 'POST', url: '/api/tasks/' })

    const bad = await f.req('POST', `/api/tasks/${f.tA}/annotations`, {
      token: an,
      body: '{"result": [',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.detail).toMatch(/JSON/)
    expect(last()).toMatchObject({ status: 400, actor_id: f.userIds.AN })
    expect(last().details ?? '').not.toContain('result')
  })

  it('allows 20 MB on import but 1 MB elsewhere', async () => {
    f = await startFixture()
    const rows = Array.from({ length: 3000 }, (_, i) => ({ text: `${'y'.repeat(1000)} ${i}` }))
    const res = await f.req('POST', `/api/projects/${f.pA}/import`, {
      token: f.tokens.OW,
      body: rows,
    })
    expect(res.status).toBe(201)
    expect(res.body.task_count).toBe(3000)
  })

  it('redacts secrets in the query, caps the URL at 256 characters and never stores bodies or tokens', async () => {
    f = await startFixture()
    await f.req('GET', `/api/projects/?token=${f.tokens.AN}&page=1&api_key=abc&Password=pw`, {
      token: f.tokens.AN,
    })
    expect(last().url).toBe(
      '/api/projects/?token=[REDACTED]&page=1&api_key=[REDACTED]&Password=[REDACTED]',
    )
    await f.req('GET', `/api/projects/?search=${'z'.repeat(400)}`, { token: f.tokens.AN })
    expect(last().url!.length).toBe(256)
    await f.req('POST', `/api/tasks/${f.tA}/annotations`, {
      token: f.tokens.AN,
      body: { result: [{ value: { text: ['secret-body-text'] } }] },
    })
    await f.req('POST', '/api/current-user/reset-token/', { token: f.tokens.OW })

    // No token plaintext (nor a request body) anywhere in the database file's tables.
    const dump = f.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((t) =>
        JSON.stringify(f.db.prepare(`SELECT * FROM "${(t as { name: string }).name}"`).all()),
      )
      .join('\n')
    for (const token of Object.values(f.tokens)) expect(dump).not.toContain(token.slice(4))
    expect(
      f
        .apiEntries()
        .map((e) => JSON.stringify(e))
        .join(),
    ).not.toContain('secret-body-text')
  })

  it('redactUrl keeps harmless parameters and catches tokens in the path', () => {
    expect(redactUrl('/api/x?project=1&access_token=abc')).toBe(
      '/api/x?project=1&access_token=[REDACTED]',
    )
    expect(redactUrl('/api/tsa_abcdefghijklmnop')).toBe('/api/tsa_[REDACTED]')
  })
})

describe('a refused credential that was real is attributed to its account and token', () => {
  it('names the account and token of a revoked, deleted, deactivated or expired token; the request stays 401', async () => {
    f = await startFixture()
    const { engine, owner } = f
    const tokenOf = (userId: number) => engine.serviceAccounts.get(owner, userId).token!.id
    const refusedBy = async (token: string) => {
      const res = await f.req('GET', '/api/projects/', { token })
      expect(res.status).toBe(401)
      return last()
    }

    const revokedId = tokenOf(f.userIds.RE)
    engine.serviceAccounts.resetToken(owner, f.userIds.RE)
    expect(await refusedBy(f.tokens.RE)).toMatchObject({
      status: 401,
      actor_id: f.userIds.RE,
      token_id: revokedId,
    })
    expect(last().actor_email).toContain('@service-accounts.tessera.local')
    expect(JSON.parse(last().details!)).toMatchObject({ auth_failure: 'revoked' })

    const victimToken = engine.serviceAccounts.resetToken(owner, f.victim).token
    const victimTokenId = tokenOf(f.victim)
    engine.serviceAccounts.remove(owner, f.victim, 'victim-bot')
    expect(await refusedBy(victimToken)).toMatchObject({
      actor_id: f.victim,
      token_id: victimTokenId,
    })

    expect(await refusedBy(f.tokens.DI)).toMatchObject({
      actor_id: f.userIds.DI,
      token_id: tokenOf(f.userIds.DI),
    })
    expect(JSON.parse(last().details!)).toMatchObject({ auth_failure: 'deactivated' })

    engine.organization.updateSettings(owner, { tokenMaxLifetimeDays: 1 })
    f.clock.advance(2 * DAY_MS)
    expect(await refusedBy(f.tokens.AN)).toMatchObject({
      actor_id: f.userIds.AN,
      token_id: tokenOf(f.userIds.AN),
    })

    // A token nobody ever held stays unattributed.
    expect(await refusedBy(formatToken((n) => new Uint8Array(n).fill(7)))).toMatchObject({
      actor_id: null,
      token_id: null,
    })
  })
})

describe('limits', () => {
  it('rate-limits each credential with 429 and Retry-After, recorded', async () => {
    f = await startFixture({ limits: { perToken: 3, windowMs: 60_000 } })
    for (let i = 0; i < 3; i++)
      expect((await f.req('GET', '/api/projects', { token: f.tokens.AN })).status).toBe(200)
    const res = await f.req('GET', '/api/projects', { token: f.tokens.AN })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(res.body).toMatchObject({ status_code: 429 })
    expect(last()).toMatchObject({ status: 429, actor_id: f.userIds.AN })
    // Another credential is not affected.
    expect((await f.req('GET', '/api/projects', { token: f.tokens.RE })).status).toBe(200)
  })

  it('locks out an address after repeated failed authentication, recorded', async () => {
    f = await startFixture({ limits: { authFailures: 5, windowMs: 60_000 } })
    for (let i = 0; i < 5; i++) {
      expect(
        (await f.req('GET', '/api/projects', { headers: { authorization: 'Token tsa_wrong' } }))
          .status,
      ).toBe(401)
    }
    const res = await f.req('GET', '/api/projects', {
      headers: { authorization: 'Token tsa_wrong' },
    })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(last()).toMatchObject({ status: 429 })
    expect(JSON.parse(last().details!)).toMatchObject({ lockout: true })
  })
})
