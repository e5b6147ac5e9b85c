import { afterEach, describe, expect, it } from 'vitest'
import { TOKEN_FAILURE_MESSAGES } from '../../../src/main/engine/tokens.service'
import { DAY_MS } from '../../../src/main/engine/deps'
import { startFixture, type Fixture } from './support'

let f: Fixture
afterEach(async () => f?.close())

const whoami = (token: string | null, headers: Record<string, string> = {}) =>
  f.req('GET', '/api/current-user/whoami', { token, headers })

function flip(token: string, at: number): string {
  const c = token[at] === 'A' ? 'B' : 'A'
  return token.slice(0, at) + c + token.slice(at + 1)
}

describe('credentials', () => {
  it('accepts Token, Bearer and X-Api-Key', async () => {
    f = await startFixture()
    const t = f.tokens.AN
    for (const headers of <Record<string, string>[]>[
      { authorization: `Token ${t}` },
      { authorization: `Bearer ${t}` },
      { 'x-api-key': t },
    ]) {
      const res = await whoami(null, headers)
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ id: f.userIds.AN, user_type: 'service' })
    }
  })

  it('answers each failure with 401 and its precise detail', async () => {
    f = await startFixture()
    const t = f.tokens.AN
    const cases: [Record<string, string>, string][] = [
      [{}, 'Authentication credentials were not provided.'],
      [{ authorization: 'Basic abc' }, TOKEN_FAILURE_MESSAGES.malformed],
      [{ authorization: 'Token not-a-token' }, TOKEN_FAILURE_MESSAGES.malformed],
      [{ authorization: `Token ${flip(t, t.length - 1)}` }, TOKEN_FAILURE_MESSAGES.bad_checksum],
    ]
    for (const [headers, detail] of cases) {
      const res = await whoami(null, headers)
      expect(res.status).toBe(401)
      expect(res.body).toMatchObject({ status_code: 401, detail, exc_info: null })
      expect(res.body.version).toBeTypeOf('string')
      expect(res.body.id).toBeTypeOf('string')
    }
    // A well-formed token nobody issued: flip a random character and fix the checksum.
    const { formatToken } = await import('../../../src/shared/token-format')
    const stranger = formatToken((n) => new Uint8Array(n).fill(7))
    expect((await whoami(stranger)).body.detail).toBe(TOKEN_FAILURE_MESSAGES.unknown)
    // Deactivated and Not Activated accounts.
    expect((await whoami(f.tokens.DI)).body.detail).toBe(TOKEN_FAILURE_MESSAGES.deactivated)
    expect((await whoami(f.tokens.NO)).body.detail).toBe(TOKEN_FAILURE_MESSAGES.deactivated)
  })

  it('reports revoked, deleted, expired and org-disabled tokens', async () => {
    f = await startFixture()
    const { engine, owner } = f
    // Reset: the old token is revoked.
    const old = f.tokens.RE
    const fresh = engine.serviceAccounts.resetToken(owner, f.userIds.RE).token
    expect((await whoami(old)).body.detail).toBe(TOKEN_FAILURE_MESSAGES.revoked)
    expect((await whoami(fresh)).status).toBe(200)
    // Delete.
    const victimToken = engine.serviceAccounts.resetToken(owner, f.victim).token
    expect((await whoami(victimToken)).status).toBe(200)
    engine.serviceAccounts.remove(owner, f.victim, 'victim-bot')
    const deleted = await whoami(victimToken)
    expect(deleted.status).toBe(401)
    expect([TOKEN_FAILURE_MESSAGES.revoked, TOKEN_FAILURE_MESSAGES.deleted]).toContain(
      deleted.body.detail,
    )
    // Expired: a lifetime setting shorter than the token's age.
    engine.organization.updateSettings(owner, { tokenMaxLifetimeDays: 1 })
    f.clock.advance(2 * DAY_MS)
    expect((await whoami(f.tokens.AN)).body.detail).toBe(TOKEN_FAILURE_MESSAGES.expired)
    engine.organization.updateSettings(owner, { tokenMaxLifetimeDays: null })
    expect((await whoami(f.tokens.AN)).status).toBe(200)
    // API keys switched off for the organization.
    engine.organization.updateSettings(owner, { apiKeysEnabled: false })
    expect((await whoami(f.tokens.AN)).body.detail).toBe(TOKEN_FAILURE_MESSAGES.disabled)
  })

  it('keeps last-used time, IP and user agent per token', async () => {
    f = await startFixture()
    await whoami(null, {
      authorization: `Token ${f.tokens.AN}`,
      'user-agent': 'label-studio-sdk/1.0',
    })
    const account = f.engine.serviceAccounts.get(f.owner, f.userIds.AN)
    expect(account.token).toMatchObject({
      lastUsedIp: '127.0.0.1',
      lastUsedUserAgent: 'label-studio-sdk/1.0',
    })
    expect(account.token!.lastUsedAt).toBe(f.clock.now())
  })
})

describe('changes apply on the very next request', () => {
  it('self-rotation returns 201 with a new token; the old one fails at once', async () => {
    f = await startFixture()
    const res = await f.req('POST', '/api/current-user/reset-token/', { token: f.tokens.AN })
    expect(res.status).toBe(201)
    expect(Object.keys(res.body)).toEqual(['token'])
    expect((await whoami(f.tokens.AN)).status).toBe(401)
    expect((await whoami(res.body.token)).status).toBe(200)
  })

  it('admin reset, delete and deactivate over the API each kill the token', async () => {
    f = await startFixture()
    const base = `/api/organizations/${f.org}/service-accounts`
    const reset = await f.req('POST', `${base}/${f.userIds.RE}/reset-token`, { token: f.tokens.AD })
    expect(reset.status).toBe(201)
    expect((await whoami(f.tokens.RE)).status).toBe(401)

    const patch = await f.req('PATCH', `${base}/${f.userIds.MA}`, {
      token: f.tokens.OW,
      body: { role: 'DI' },
    })
    expect(patch.status).toBe(200)
    expect(patch.body).toMatchObject({ role: 'DI', status: 'deactivated' })
    expect((await whoami(f.tokens.MA)).body.detail).toBe(TOKEN_FAILURE_MESSAGES.deactivated)

    const del = await f.req('DELETE', `${base}/${f.userIds.AN}`, { token: f.tokens.OW })
    expect(del.status).toBe(204)
    expect((await whoami(f.tokens.AN)).status).toBe(401)
  })

  it('a role downgrade and an unassignment take effect at once', async () => {
    f = await startFixture()
    const importA = () =>
      f.req('POST', `/api/projects/${f.pA}/import`, { token: f.tokens.MA, body: [{ text: 'x' }] })
    expect((await importA()).status).toBe(201)
    f.engine.serviceAccounts.changeRole(f.owner, f.userIds.MA, 'AN')
    expect((await importA()).status).toBe(403)
    // Moving the account to workspace B makes project A invisible.
    f.engine.serviceAccounts.setAssignments(f.owner, f.userIds.MA, {
      workspaceIds: [f.wsB],
      projectIds: [],
    })
    expect((await f.req('GET', `/api/projects/${f.pA}`, { token: f.tokens.MA })).status).toBe(404)
    expect((await f.req('GET', `/api/projects/${f.pB}`, { token: f.tokens.MA })).status).toBe(200)
  })

  it('a direct project assignment (no workspace) grants that project only', async () => {
    f = await startFixture()
    f.engine.serviceAccounts.setAssignments(f.owner, f.userIds.AN, {
      workspaceIds: [],
      projectIds: [f.pB],
    })
    expect((await f.req('GET', `/api/projects/${f.pB}`, { token: f.tokens.AN })).status).toBe(200)
    expect((await f.req('GET', `/api/projects/${f.pA}`, { token: f.tokens.AN })).status).toBe(404)
    expect((await f.req('GET', `/api/workspaces/${f.wsB}`, { token: f.tokens.AN })).status).toBe(
      404,
    )
    const list = await f.req('GET', '/api/projects', { token: f.tokens.AN })
    expect(list.body.results.map((p: { id: number }) => p.id)).toEqual([f.pB])
  })
})

describe('own annotations', () => {
  it('AN updates its own annotation but cannot delete it; RE deletes its own', async () => {
    f = await startFixture()
    const mine = await f.req('POST', `/api/tasks/${f.tA}/annotations`, {
      token: f.tokens.AN,
      body: {
        result: [{ type: 'choices', value: { choices: ['Positive'] } }],
        was_cancelled: false,
        lead_time: 12.5,
      },
    })
    expect(mine.status).toBe(201)
    expect(mine.body).toMatchObject({
      completed_by: f.userIds.AN,
      lead_time: 12.5,
      was_cancelled: false,
      task: f.tA,
    })
    expect(
      (
        await f.req('PATCH', `/api/annotations/${mine.body.id}`, {
          token: f.tokens.AN,
          body: { lead_time: 20 },
        })
      ).status,
    ).toBe(200)
    expect(
      (await f.req('DELETE', `/api/annotations/${mine.body.id}`, { token: f.tokens.AN })).status,
    ).toBe(403)
    const re = await f.req('POST', `/api/tasks/${f.tA}/annotations`, {
      token: f.tokens.RE,
      body: { result: [] },
    })
    expect(
      (await f.req('DELETE', `/api/annotations/${re.body.id}`, { token: f.tokens.RE })).status,
    ).toBe(204)
  })
})

describe('sign-in', () => {
  it('refuses a service account with 403 and records the attempt', async () => {
    f = await startFixture()
    const email = f.engine.serviceAccounts.get(f.owner, f.userIds.AN).email
    const res = await f.req('POST', '/user/login/', { body: { email, password: 'anything' } })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe('Service accounts cannot sign in; use the API token')
    const form = await f.req('POST', '/user/login', {
      body: `email=${encodeURIComponent(email)}&password=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(form.status).toBe(403)
    const entries = f.apiEntries().filter((e) => e.url?.startsWith('/user/login'))
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatchObject({
      status: 403,
      actor_id: f.userIds.AN,
      actor_email: email,
      method: 'POST',
    })
    expect(JSON.parse(entries[0]!.details!)).toMatchObject({
      event: 'sign_in_refused',
      reason: 'service_account',
    })
    expect(JSON.stringify(entries)).not.toContain('anything')
  })

  it('does not open sessions for people', async () => {
    f = await startFixture()
    const res = await f.req('POST', '/user/login/', {
      body: { email: 'owner@acme.test', password: 'x' },
    })
    expect(res.status).toBe(401)
    expect((await f.req('POST', '/user/login/', { body: {} })).status).toBe(400)
  })
})

describe('personal access tokens', () => {
  it('exchanges a PAT for a short-lived access JWT when the organization allows it', async () => {
    f = await startFixture()
    expect((await f.req('POST', '/api/token/', { token: f.tokens.AN })).status).toBe(403)
    f.engine.organization.updateSettings(f.owner, { patsEnabled: true })
    const created = await f.req('POST', '/api/token/', { token: f.tokens.AN })
    expect(created.status).toBe(201)
    const refresh = await f.req('POST', '/api/token/refresh/', {
      body: { refresh: created.body.token },
    })
    expect(refresh.status).toBe(200)
    const access = refresh.body.access as string
    const me = await whoami(null, { authorization: `Bearer ${access}` })
    expect(me.status).toBe(200)
    expect(me.body.id).toBe(f.userIds.AN)
    // An API key is not a refresh token.
    expect(
      (await f.req('POST', '/api/token/refresh/', { body: { refresh: f.tokens.AN } })).status,
    ).toBe(401)
    // Turning PATs off cuts outstanding access tokens at once.
    f.engine.organization.updateSettings(f.owner, { patsEnabled: false })
    expect((await whoami(null, { authorization: `Bearer ${access}` })).body.detail).toBe(
      TOKEN_FAILURE_MESSAGES.disabled,
    )
  })
})
