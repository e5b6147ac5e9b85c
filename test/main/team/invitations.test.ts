import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { INVITATION_INVALID_MESSAGE } from '../../../src/shared/auth'
import { INVITATION_TTL_MS } from '../../../src/main/engine/auth/team.service'
import { FREE_FAILURES } from '../../../src/main/engine/auth/throttle'
import { makeHarness, type Harness } from '../auth/harness'

let h: Harness
afterEach(async () => {
  await h?.app.close()
})

const PASSWORD = 'ada lovelace engine'

const post = (url: string, payload: object, remoteAddress?: string) =>
  h.app.inject({ method: 'POST', url, payload, ...(remoteAddress ? { remoteAddress } : {}) })

const rpc = (s: { cookie: string; csrf: string }, channel: string, payload: object = {}) =>
  h.app.inject({
    method: 'POST',
    url: `/rpc/${channel}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload,
  })

function entries(action: string) {
  return h.db
    .prepare('SELECT actor_id, target_user_id, details FROM activity_entries WHERE action = ?')
    .all(action) as { actor_id: number; target_user_id: number; details: string }[]
}

describe('invitations: the Owner invites an Administrator', () => {
  it('shows the link once, keeps only its hash, and the person sets a password with it', async () => {
    h = await makeHarness()
    const owner = await h.signIn()
    const res = await rpc(owner, 'team:invite', { email: 'ada@acme.test', firstName: 'Ada' })
    const issued = res.json().value
    expect(issued.member).toMatchObject({ email: 'ada@acme.test', role: 'AD', signIn: 'invited' })
    expect(issued.expiresAt).toBe(h.clock.now() + INVITATION_TTL_MS)
    const stored = h.db.prepare('SELECT token_hash FROM admin_invitations').get() as {
      token_hash: Buffer
    }
    expect(stored.token_hash).toEqual(createHash('sha256').update(issued.token).digest())
    expect(JSON.stringify(h.db.prepare('SELECT * FROM admin_invitations').all())).not.toContain(
      issued.token,
    )

    // Not signed in yet, nobody can sign in as Ada: she has no password.
    expect(
      (await post('/auth/login', { email: 'ada@acme.test', password: PASSWORD })).statusCode,
    ).toBe(401)
    const info = await post('/auth/invitation', { token: issued.token })
    expect(info.json().value).toMatchObject({ email: 'ada@acme.test', name: 'Ada' })
    const accepted = await post('/auth/invitation/accept', {
      token: issued.token,
      password: PASSWORD,
      name: 'Ada Lovelace',
    })
    expect(accepted.statusCode).toBe(200)
    const ada = await h.signIn('ada@acme.test', PASSWORD)
    expect((await rpc(ada, 'org:get')).json().ok).toBe(true)

    // The link works once.
    const again = await post('/auth/invitation/accept', {
      token: issued.token,
      password: 'x'.repeat(12),
    })
    expect(again.statusCode).toBe(404)
    expect(again.json().error.message).toBe(INVITATION_INVALID_MESSAGE)
    const team = (await rpc(owner, 'team:list')).json().value
    expect(team.find((m: { email: string }) => m.email === 'ada@acme.test')).toMatchObject({
      displayName: 'Ada Lovelace',
      signIn: 'active',
      liveSessions: 1,
    })
    // Who did what: the Owner invited, Ada accepted.
    expect(entries('admin.invite')).toMatchObject([
      { actor_id: h.owner.userId, target_user_id: issued.member.userId },
    ])
    expect(entries('auth.invitation_accept')).toMatchObject([
      { actor_id: issued.member.userId, target_user_id: issued.member.userId },
    ])
  })

  it('expires after 48 hours', async () => {
    h = await makeHarness()
    const issued = await h.value('team:invite', { email: 'ada@acme.test' })
    h.clock.advance(INVITATION_TTL_MS)
    const res = await post('/auth/invitation/accept', { token: issued.token, password: PASSWORD })
    expect(res.statusCode).toBe(404)
    expect((await h.value('team:list')).find((m) => m.email === 'ada@acme.test')?.signIn).toBe(
      'invitation_expired',
    )
  })

  it('can be revoked: the link stops working', async () => {
    h = await makeHarness()
    const issued = await h.value('team:invite', { email: 'ada@acme.test' })
    const member = await h.value('team:revokeInvitation', { userId: issued.member.userId })
    expect(member.signIn).toBe('not_invited')
    expect((await post('/auth/invitation', { token: issued.token })).statusCode).toBe(404)
    expect(entries('admin.invitation_revoke')).toHaveLength(1)
    const twice = await h.call('team:revokeInvitation', { userId: issued.member.userId })
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('promotes a human member to Administrator and invites them', async () => {
    h = await makeHarness()
    const annie = await h.value('members:addPerson', { email: 'annie@acme.test', role: 'AN' })
    const issued = await h.value('team:issueInvitation', { userId: annie.userId })
    expect(issued.member.role).toBe('AD')
    expect(entries('member.role')).toHaveLength(1)
    expect(
      (await post('/auth/invitation/accept', { token: issued.token, password: PASSWORD }))
        .statusCode,
    ).toBe(200)
    await h.signIn('annie@acme.test', PASSWORD)
  })

  it('is refused for a member demoted after the invitation was sent', async () => {
    h = await makeHarness()
    const issued = await h.value('team:invite', { email: 'ada@acme.test' })
    await h.value('members:changeRole', { userId: issued.member.userId, role: 'MA' })
    expect(
      (await post('/auth/invitation/accept', { token: issued.token, password: PASSWORD }))
        .statusCode,
    ).toBe(404)
  })

  it('never invites a service account, which still cannot sign in', async () => {
    h = await makeHarness()
    const bot = await h.value('serviceAccounts:create', { name: 'ci-bot', role: 'AD' })
    const res = await h.call('team:issueInvitation', { userId: bot.account.userId })
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { field: 'userId' } },
    })
    expect(h.db.prepare('SELECT count(*) AS n FROM admin_invitations').get()).toEqual({ n: 0 })
    const login = await post('/auth/login', { email: bot.account.email, password: PASSWORD })
    expect(login.statusCode).toBe(403)
  })

  it('only the Owner invites, resets or ends sessions', async () => {
    h = await makeHarness()
    const adaId = await h.addPerson('ada@acme.test', 'AD', PASSWORD)
    const annie = await h.value('members:addPerson', { email: 'annie@acme.test', role: 'AN' })
    const ada = await h.signIn('ada@acme.test', PASSWORD)
    for (const [channel, payload] of [
      ['team:invite', { email: 'bob@acme.test' }],
      ['team:issueInvitation', { userId: annie.userId }],
      ['team:endSessions', { userId: h.owner.userId }],
    ] as const) {
      const res = (await rpc(ada, channel, payload)).json()
      expect(res, channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
    // Administrators see who else administers the organization.
    const team = (await rpc(ada, 'team:list')).json().value as { userId: number }[]
    expect(team.map((m) => m.userId).sort()).toEqual([h.owner.userId, adaId].sort())
  })
})

describe('invitations: resetting someone’s sign-in', () => {
  it('kills the old password and every session, and issues a new link', async () => {
    h = await makeHarness()
    const adaId = await h.addPerson('ada@acme.test', 'AD', PASSWORD)
    const ada = await h.signIn('ada@acme.test', PASSWORD)
    const first = await h.value('team:issueInvitation', { userId: adaId })
    expect((await rpc(ada, 'org:get')).statusCode).toBe(401)
    expect(
      (await post('/auth/login', { email: 'ada@acme.test', password: PASSWORD })).statusCode,
    ).toBe(401)
    expect(entries('admin.sign_in_reset')).toMatchObject([{ actor_id: h.owner.userId }])
    // A second reset replaces the first link.
    const second = await h.value('team:issueInvitation', { userId: adaId })
    expect((await post('/auth/invitation', { token: first.token })).statusCode).toBe(404)
    const fresh = 'a brand new password'
    expect(
      (await post('/auth/invitation/accept', { token: second.token, password: fresh })).statusCode,
    ).toBe(200)
    await h.signIn('ada@acme.test', fresh)
  })

  it('ends a person’s sessions on the Owner’s request', async () => {
    h = await makeHarness()
    const adaId = await h.addPerson('ada@acme.test', 'AD', PASSWORD)
    const one = await h.signIn('ada@acme.test', PASSWORD)
    const two = await h.signIn('ada@acme.test', PASSWORD)
    expect(await h.value('team:endSessions', { userId: adaId })).toEqual({ ended: 2 })
    expect((await rpc(one, 'org:get')).statusCode).toBe(401)
    expect((await rpc(two, 'org:get')).statusCode).toBe(401)
    // Her password still works: ending sessions is not a reset.
    await h.signIn('ada@acme.test', PASSWORD)
  })

  it('refuses to reset the Owner', async () => {
    h = await makeHarness()
    const res = await h.call('team:issueInvitation', { userId: h.owner.userId })
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('invitations: guessing links', () => {
  it('throttles a remote address that keeps sending wrong links, before looking them up', async () => {
    h = await makeHarness()
    const issued = await h.value('team:invite', { email: 'ada@acme.test' })
    const guess = (token: string) => post('/auth/invitation', { token }, '198.51.100.7')
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect((await guess(`wrong-link-${i}-aaaaaaaaaaaaaaaaaaaa`)).statusCode).toBe(404)
    }
    const locked = await guess(issued.token)
    expect(locked.statusCode).toBe(429)
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    // Another address is not held up.
    expect(
      (await post('/auth/invitation', { token: issued.token }, '198.51.100.8')).statusCode,
    ).toBe(200)
  })

  it('validates the form, naming the field', async () => {
    h = await makeHarness()
    const issued = await h.value('team:invite', { email: 'ada@acme.test' })
    const res = await post('/auth/invitation/accept', { token: issued.token, password: 'short' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'VALIDATION', details: { field: 'password' } })
    const cut = await post('/auth/invitation', { token: 'abc' })
    expect(cut.json().error).toMatchObject({ code: 'VALIDATION', details: { field: 'token' } })
  })
})
