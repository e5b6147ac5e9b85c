import { afterEach, describe, expect, it } from 'vitest'
import { makeHarness, type Harness } from '../auth/harness'

let h: Harness
afterEach(async () => {
  await h?.app.close()
})

const PASSWORD = 'ada lovelace engine'

const rpc = async (s: { cookie: string; csrf: string }, channel: string, payload: object = {}) => {
  const res = await h.app.inject({
    method: 'POST',
    url: `/rpc/${channel}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload,
  })
  const body = res.json()
  if (!body.ok) throw new Error(`${channel}: ${body.error.message}`)
  return body.value
}

type Entry = { action: string; actorId: number | null; actorEmail: string | null }

describe('attribution: every admin action names the person who signed in', () => {
  it('records each administrator as the actor, and the log filters by who did it', async () => {
    h = await makeHarness()
    const adaId = await h.addPerson('ada@acme.test', 'AD', PASSWORD)
    const owner = await h.signIn()
    const ada = await h.signIn('ada@acme.test', PASSWORD)
    await rpc(owner, 'quota:raise', { count: 3 })
    const bot = await rpc(ada, 'serviceAccounts:create', { name: 'ingest bot', role: 'AD' })
    await rpc(owner, 'serviceAccounts:changeRole', { userId: bot.account.userId, role: 'DI' })
    await rpc(ada, 'members:addPerson', { email: 'ann@acme.test', role: 'AN' })

    const admin = (await rpc(owner, 'activity:list', { filter: { kind: 'admin' } })) as {
      entries: Entry[]
    }
    // Newest last, so each action maps to its latest actor (the harness added Ada as the Owner).
    const byAction = Object.fromEntries(
      admin.entries.toReversed().map((e) => [e.action, e.actorId]),
    )
    expect(byAction).toMatchObject({
      'quota.raise': h.owner.userId,
      'service_account.create': adaId,
      'service_account.deactivate': h.owner.userId,
      'member.add': adaId,
    })
    const adas = (await rpc(owner, 'activity:list', {
      filter: { kind: 'admin', actorId: adaId },
    })) as { entries: Entry[] }
    expect(adas.entries.map((e) => e.action).sort()).toEqual([
      'member.add',
      'service_account.create',
    ])
    // Her sign-in is hers too (an API-kind entry with her as actor).
    const signIns = (await rpc(ada, 'activity:list', {
      filter: { actorId: adaId, kind: 'api' },
    })) as {
      entries: Entry[]
    }
    expect(signIns.entries.map((e) => e.action)).toEqual(['auth.login'])
  })
})
