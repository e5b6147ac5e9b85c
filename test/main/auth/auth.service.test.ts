import { describe, expect, it } from 'vitest'
import { NO_ADMIN_ACCESS_MESSAGE, SERVICE_ACCOUNT_SIGN_IN_MESSAGE } from '../../../src/shared/auth'
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../../src/main/engine/auth/auth.service'
import { FIRST_LOCK_MS, FREE_FAILURES } from '../../../src/main/engine/auth/throttle'
import { makeHarness, OWNER_EMAIL, OWNER_PASSWORD } from './harness'

const meta = { ip: '127.0.0.1', userAgent: 'vitest' }

function lastEntry(t: Awaited<ReturnType<typeof makeHarness>>) {
  return t.db.prepare('SELECT * FROM activity_entries ORDER BY id DESC LIMIT 1').get() as {
    action: string
    status: number
    actor_id: number | null
    details: string
    url: string
  }
}

describe('auth service', () => {
  it('needs setup until the Owner has a password, then refuses a second setup', async () => {
    const t = await makeHarness({ setup: false })
    expect(t.engine.auth.setupRequired()).toBe(true)
    await t.engine.auth.setup({
      email: 'boss@acme.test',
      password: OWNER_PASSWORD,
      name: 'Bo Boss',
    })
    expect(t.engine.auth.setupRequired()).toBe(false)
    const owner = t.repos.users.get(t.owner.userId)!
    expect(owner.email).toBe('boss@acme.test')
    expect(owner.first_name).toBe('Bo')
    expect(owner.password_hash).toMatch(/^scrypt\$/)
    expect(lastEntry(t).action).toBe('auth.setup')
    await expect(
      t.engine.auth.setup({ email: 'evil@acme.test', password: 'another password' }),
    ).rejects.toThrow(/already complete/)
  })

  it('signs the Owner in and records the attempt', async () => {
    const t = await makeHarness()
    const out = await t.engine.auth.login(OWNER_EMAIL, OWNER_PASSWORD, meta)
    expect(out.ok).toBe(true)
    if (!out.ok) return
    expect(out.session.user).toMatchObject({ email: OWNER_EMAIL, role: 'OW', name: 'Olga Owner' })
    expect(t.engine.auth.resolve(out.sessionToken)?.user.id).toBe(t.owner.userId)
    expect(lastEntry(t)).toMatchObject({
      action: 'auth.login',
      status: 200,
      actor_id: t.owner.userId,
    })
    // The database holds only a hash of the session id.
    const stored = t.db.prepare('SELECT id_hash FROM admin_sessions').get() as {
      id_hash: Buffer
    }
    expect(stored.id_hash.toString('base64url')).not.toBe(out.sessionToken)
  })

  it('refuses a wrong password with the same answer as an unknown email', async () => {
    const t = await makeHarness()
    const wrong = await t.engine.auth.login(OWNER_EMAIL, 'not the password', meta)
    const unknown = await t.engine.auth.login('nobody@acme.test', 'not the password', meta)
    expect(wrong).toMatchObject({ ok: false, status: 401 })
    expect(unknown).toMatchObject({ ok: false, status: 401 })
    expect(!wrong.ok && !unknown.ok && wrong.message === unknown.message).toBe(true)
    expect(lastEntry(t)).toMatchObject({ status: 401, actor_id: null })
  })

  it('expires sessions after idle time and after the absolute lifetime', async () => {
    const t = await makeHarness()
    const out = await t.engine.auth.login(OWNER_EMAIL, OWNER_PASSWORD, meta)
    if (!out.ok) throw new Error('sign-in failed')
    t.clock.advance(SESSION_IDLE_MS - 1000)
    expect(t.engine.auth.resolve(out.sessionToken)).not.toBeNull() // activity slides the idle deadline
    t.clock.advance(SESSION_IDLE_MS - 1000)
    expect(t.engine.auth.resolve(out.sessionToken)).not.toBeNull()
    t.clock.advance(SESSION_IDLE_MS + 1)
    expect(t.engine.auth.resolve(out.sessionToken)).toBeNull()

    const again = await t.engine.auth.login(OWNER_EMAIL, OWNER_PASSWORD, meta)
    if (!again.ok) throw new Error('sign-in failed')
    for (let used = 0; used < SESSION_ABSOLUTE_MS; used += SESSION_IDLE_MS / 2) {
      t.clock.advance(SESSION_IDLE_MS / 2)
      t.engine.auth.resolve(again.sessionToken)
    }
    expect(t.engine.auth.resolve(again.sessionToken)).toBeNull()
  })

  it('ends a session when its holder stops being an administrator', async () => {
    const t = await makeHarness()
    const adminId = await t.addPerson('ada@acme.test', 'AD', 'admin password 1')
    const out = await t.engine.auth.login('ada@acme.test', 'admin password 1', meta)
    if (!out.ok) throw new Error('sign-in failed')
    await t.value('members:changeRole', { userId: adminId, role: 'AN' })
    expect(t.engine.auth.resolve(out.sessionToken)).toBeNull()
  })

  it('refuses service accounts with the DESIGN message and records it against the account', async () => {
    const t = await makeHarness()
    const issued = await t.value('serviceAccounts:create', { name: 'ci-bot', role: 'AD' })
    const out = await t.engine.auth.login(issued.account.email, 'whatever it is', meta)
    expect(out).toMatchObject({ ok: false, status: 403, message: SERVICE_ACCOUNT_SIGN_IN_MESSAGE })
    expect(lastEntry(t)).toMatchObject({ status: 403, actor_id: issued.account.userId })
    expect(JSON.parse(lastEntry(t).details)).toEqual({ outcome: 'service_account' })
  })

  it('tells other roles they have no access, only after a correct password', async () => {
    const t = await makeHarness()
    await t.addPerson('mo@acme.test', 'MA', 'manager password')
    expect(await t.engine.auth.login('mo@acme.test', 'wrong password', meta)).toMatchObject({
      status: 401,
    })
    const out = await t.engine.auth.login('mo@acme.test', 'manager password', meta)
    expect(out).toMatchObject({ ok: false, status: 403, message: NO_ADMIN_ACCESS_MESSAGE })
  })

  it('throttles repeated failures per account, with growing locks', async () => {
    const t = await makeHarness()
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect(
        await t.engine.auth.login(OWNER_EMAIL, `wrong ${i}`, { ...meta, ip: `10.0.0.${i}` }),
      ).toMatchObject({ status: 401 })
    }
    // Even the right password waits out the lock, from any address.
    const locked = await t.engine.auth.login(OWNER_EMAIL, OWNER_PASSWORD, {
      ...meta,
      ip: '10.0.1.1',
    })
    expect(locked).toMatchObject({ ok: false, status: 429, retryAfterMs: FIRST_LOCK_MS })
    t.clock.advance(FIRST_LOCK_MS)
    await t.engine.auth.login(OWNER_EMAIL, 'wrong again', meta)
    const longer = await t.engine.auth.login(OWNER_EMAIL, OWNER_PASSWORD, meta)
    expect(longer).toMatchObject({ status: 429, retryAfterMs: FIRST_LOCK_MS * 2 })
    t.clock.advance(FIRST_LOCK_MS * 2)
    expect((await t.engine.auth.login(OWNER_EMAIL, OWNER_PASSWORD, meta)).ok).toBe(true)
  })

  it('throttles one address guessing many accounts', async () => {
    const t = await makeHarness()
    for (let i = 0; i < FREE_FAILURES; i++) {
      await t.engine.auth.login(`guess${i}@acme.test`, 'password guess', {
        ...meta,
        ip: '10.9.9.9',
      })
    }
    const out = await t.engine.auth.login(OWNER_EMAIL, OWNER_PASSWORD, { ...meta, ip: '10.9.9.9' })
    expect(out).toMatchObject({ status: 429 })
    expect((await t.engine.auth.login(OWNER_EMAIL, OWNER_PASSWORD, meta)).ok).toBe(true)
  })

  it('signs out: the session stops working at once', async () => {
    const t = await makeHarness()
    const out = await t.engine.auth.login(OWNER_EMAIL, OWNER_PASSWORD, meta)
    if (!out.ok) throw new Error('sign-in failed')
    expect(t.engine.auth.logout(out.sessionToken, meta)).toBe(true)
    expect(t.engine.auth.resolve(out.sessionToken)).toBeNull()
    expect(lastEntry(t)).toMatchObject({ action: 'auth.logout', url: '/auth/logout' })
  })
})
