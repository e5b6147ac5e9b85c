import { afterEach, describe, expect, it } from 'vitest'
import { makeHarness, type Harness } from '../auth/harness'

let h: Harness
afterEach(async () => {
  await h?.app.close()
})

const PASSWORD = 'ada lovelace engine'

type Body = { ok: boolean; value?: any; error?: { code: string; message: string; details?: any } }
const rpc = async (s: { cookie: string; csrf: string }, channel: string, payload: object = {}) =>
  (
    await h.app.inject({
      method: 'POST',
      url: `/rpc/${channel}`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload,
    })
  ).json() as Body

async function twoAdmins() {
  h = await makeHarness()
  await h.addPerson('ada@acme.test', 'AD', PASSWORD)
  const ws = await h.value('workspaces:create', { title: 'Invoices' })
  const other = await h.value('workspaces:create', { title: 'Receipts' })
  const bot = await h.value('serviceAccounts:create', {
    name: 'ingest bot',
    role: 'AN',
    workspaceIds: [ws.id],
  })
  return {
    owner: await h.signIn(),
    ada: await h.signIn('ada@acme.test', PASSWORD),
    account: bot.account,
    ws,
    other,
  }
}

describe('concurrent edits of a service account', () => {
  it('refuses the second of two edits made from the same version, naming who changed it', async () => {
    const { owner, ada, account, other } = await twoAdmins()
    expect(account.version).toBeGreaterThan(0)
    // Both opened the account at the same version; the Owner saves first.
    const first = await rpc(owner, 'serviceAccounts:changeRole', {
      userId: account.userId,
      role: 'RE',
      expectedVersion: account.version,
    })
    expect(first.ok).toBe(true)
    expect(first.value.version).toBeGreaterThan(account.version)
    const second = await rpc(ada, 'serviceAccounts:setAssignments', {
      userId: account.userId,
      workspaceIds: [other.id],
      expectedVersion: account.version,
    })
    expect(second).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        details: {
          field: 'version',
          currentVersion: first.value.version,
          changedBy: h.owner.userId,
        },
      },
    })
    expect(second.error!.message).toMatch(
      /^“ingest bot” was changed by Olga Owner at \d\d:\d\d UTC/,
    )
    // Nothing of the stale edit was written.
    const now = await h.value('serviceAccounts:get', { userId: account.userId })
    expect(now).toMatchObject({ role: 'RE', workspaces: [{ title: 'Invoices' }] })
    // Made again from the current version, it applies.
    const retried = await rpc(ada, 'serviceAccounts:setAssignments', {
      userId: account.userId,
      workspaceIds: [other.id],
      expectedVersion: now.version,
    })
    expect(retried.value.workspaces).toEqual([{ id: other.id, title: 'Receipts' }])
  })

  it('counts changes made elsewhere: a workspace membership edit, a deletion', async () => {
    const { ada, account, other } = await twoAdmins()
    await h.value('workspaces:addMember', { id: other.id, userId: account.userId })
    const stale = await rpc(ada, 'serviceAccounts:delete', {
      userId: account.userId,
      confirmName: 'ingest bot',
      expectedVersion: account.version,
    })
    expect(stale.error?.code).toBe('CONFLICT')
    expect((await h.value('serviceAccounts:get', { userId: account.userId })).status).toBe('active')
  })

  it('applies an edit without a version (CLI, scripts) to whatever is current', async () => {
    const { ada, account } = await twoAdmins()
    await h.value('serviceAccounts:changeRole', { userId: account.userId, role: 'RE' })
    const res = await rpc(ada, 'serviceAccounts:changeRole', { userId: account.userId, role: 'DI' })
    expect(res.value.status).toBe('deactivated')
  })
})
