import { afterEach, describe, expect, it } from 'vitest'
import { describeUserAgent } from '../../../src/main/engine/auth/user-agent'
import { cookieOf, makeHarness, OWNER_EMAIL, OWNER_PASSWORD, type Harness } from '../auth/harness'

let h: Harness
afterEach(async () => {
  await h?.app.close()
})

const PASSWORD = 'ada lovelace engine'
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1'

async function signInFrom(email: string, password: string, ua: string, ip = '127.0.0.1') {
  const res = await h.app.inject({
    method: 'POST',
    url: '/auth/login',
    headers: { 'user-agent': ua },
    remoteAddress: ip,
    payload: { email, password },
  })
  return { cookie: cookieOf(res), csrf: res.json().value.csrfToken as string }
}

const rpc = (s: { cookie: string; csrf: string }, channel: string, payload: object = {}) =>
  h.app.inject({
    method: 'POST',
    url: `/rpc/${channel}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload,
  })

type Row = { id: number; userId: number; device: string; ip: string; current: boolean }

describe('sessions', () => {
  it('lists your own sessions with device, address and the current one marked', async () => {
    h = await makeHarness()
    await h.addPerson('ada@acme.test', 'AD', PASSWORD)
    const laptop = await signInFrom('ada@acme.test', PASSWORD, FIREFOX, '192.0.2.10')
    await signInFrom('ada@acme.test', PASSWORD, SAFARI, '192.0.2.11')
    await signInFrom(OWNER_EMAIL, OWNER_PASSWORD, FIREFOX)
    const mine = (await rpc(laptop, 'sessions:list')).json().value as Row[]
    expect(mine.map((s) => [s.device, s.ip, s.current]).sort()).toEqual([
      ['Firefox on Linux', '192.0.2.10', true],
      ['Safari on iOS', '192.0.2.11', false],
    ])
  })

  it('signs out of the other browsers, keeping this one', async () => {
    h = await makeHarness()
    await h.addPerson('ada@acme.test', 'AD', PASSWORD)
    const laptop = await signInFrom('ada@acme.test', PASSWORD, FIREFOX)
    const phone = await signInFrom('ada@acme.test', PASSWORD, SAFARI)
    expect((await rpc(laptop, 'sessions:endOthers')).json().value).toEqual({ ended: 1 })
    expect((await rpc(phone, 'org:get')).statusCode).toBe(401)
    expect((await rpc(laptop, 'org:get')).statusCode).toBe(200)
  })

  it('the Owner sees and ends everyone’s; an Administrator cannot touch the Owner’s', async () => {
    h = await makeHarness()
    const adaId = await h.addPerson('ada@acme.test', 'AD', PASSWORD)
    const ada = await signInFrom('ada@acme.test', PASSWORD, SAFARI)
    const owner = await signInFrom(OWNER_EMAIL, OWNER_PASSWORD, FIREFOX)
    const all = (await rpc(owner, 'sessions:list')).json().value as Row[]
    expect(all.map((s) => s.userId).sort()).toEqual([h.owner.userId, adaId].sort())
    const ownerSession = all.find((s) => s.userId === h.owner.userId)!
    const refused = (await rpc(ada, 'sessions:end', { sessionId: ownerSession.id })).json()
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const adaSession = all.find((s) => s.userId === adaId)!
    expect((await rpc(owner, 'sessions:end', { sessionId: adaSession.id })).json().ok).toBe(true)
    expect((await rpc(ada, 'org:get')).statusCode).toBe(401)
    const logged = h.db
      .prepare(
        "SELECT actor_id, target_user_id FROM activity_entries WHERE action = 'auth.session_end'",
      )
      .all()
    expect(logged).toEqual([{ actor_id: h.owner.userId, target_user_id: adaId }])
  })

  it('leaves expired sessions out of the list', async () => {
    h = await makeHarness()
    const owner = await signInFrom(OWNER_EMAIL, OWNER_PASSWORD, FIREFOX)
    await signInFrom(OWNER_EMAIL, OWNER_PASSWORD, SAFARI)
    h.db.prepare('UPDATE admin_sessions SET idle_expires_at = 0 WHERE user_agent = ?').run(SAFARI)
    const rows = (await rpc(owner, 'sessions:list')).json().value as Row[]
    expect(rows.map((s) => s.device)).toEqual(['Firefox on Linux'])
  })
})

describe('device names', () => {
  it.each([
    [FIREFOX, 'Firefox on Linux'],
    [SAFARI, 'Safari on iOS'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
      'Chrome on macOS',
    ],
    ['curl/8.5.0', 'curl'],
    [null, 'Unknown device'],
  ])('%s → %s', (ua, name) => expect(describeUserAgent(ua)).toBe(name))
})
