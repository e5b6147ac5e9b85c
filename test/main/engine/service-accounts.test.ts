import { beforeEach, describe, expect, it } from 'vitest'
import { DAY_MS } from '../../../src/main/engine/deps'
import { checkTokenShape } from '../../../src/shared/token-format'
import { makeEngine, snapshotTables, type TestEngine } from '../../support/engine'
import { layout, raiseQuota, refused } from './helpers'

let t: TestEngine
let l: Awaited<ReturnType<typeof layout>>
beforeEach(async () => {
  t = makeEngine()
  l = await layout(t)
})

const annotator = (name: string, extra: Record<string, unknown> = {}) =>
  t.call('serviceAccounts:create', { name, role: 'AN', workspaceIds: [l.ws.id], ...extra })
const verify = (token: string) => {
  const v = t.engine.tokens.verify(token)
  return v.ok ? 'ok' : v.reason
}

describe('creating a service account', () => {
  it('returns the token once; lists and reads show only its display form', async () => {
    const r = await annotator('ingest-bot', { description: 'nightly import' })
    if (!r.ok) throw new Error(r.error.message)
    const { account, token } = r.value
    expect(checkTokenShape(token)).toBe('ok')
    expect(account).toMatchObject({
      name: 'ingest-bot',
      description: 'nightly import',
      role: 'AN',
      status: 'active',
      workspaces: [{ id: l.ws.id, title: 'Medical' }],
      projects: [],
      createdBy: { id: t.owner.userId, email: 'owner@acme.test' },
    })
    expect(account.token?.display).toBe(`tsa_…${token.slice(-4)}`)
    expect(verify(token)).toBe('ok')
    const later = JSON.stringify([
      await t.value('serviceAccounts:list'),
      await t.value('serviceAccounts:get', { userId: account.userId }),
      await t.value('members:list'),
    ])
    expect(later).not.toContain(token)
    expect(later).not.toContain(token.slice(4, 34))
  })

  it('includes one account; the next fails with QUOTA_EXCEEDED pointing to the request', async () => {
    expect((await annotator('first')).ok).toBe(true)
    const e = refused(await annotator('second'), 'QUOTA_EXCEEDED')
    expect(e.message).toContain('Request additional service accounts')
    expect((await t.value('org:get')).serviceAccountsUsed).toBe(1)
  })

  it('frees the slot when an account is deleted, but not when it is deactivated', async () => {
    const first = await t.value('serviceAccounts:create', { name: 'a', role: 'AD' })
    await t.value('serviceAccounts:changeRole', { userId: first.account.userId, role: 'DI' })
    refused(await annotator('b'), 'QUOTA_EXCEEDED')
    await t.value('serviceAccounts:delete', { userId: first.account.userId, confirmName: 'a' })
    expect((await annotator('b')).ok).toBe(true)
  })

  it('never takes a licence seat', async () => {
    const before = await t.value('org:get')
    await raiseQuota(t, 3)
    for (const name of ['s1', 's2', 's3']) await annotator(name)
    const after = await t.value('org:get')
    expect(after.seatsUsed).toBe(before.seatsUsed)
    expect(after.serviceAccountsUsed).toBe(3)
  })

  it('refuses a name already used, ignoring case in any script', async () => {
    await raiseQuota(t, 5)
    await annotator('Ingest-Bot')
    expect(refused(await annotator('ingest-bot'), 'CONFLICT', 'name').message).toContain(
      'already exists',
    )
    refused(await annotator('  INGEST-BOT '), 'CONFLICT', 'name')
    await annotator('Zoë')
    refused(await annotator('ZOË'), 'CONFLICT', 'name')
    // The same letters typed as a base letter plus a combining mark.
    refused(await annotator('zoe\u0308'), 'CONFLICT', 'name')
    await annotator('Straße')
    refused(await annotator('STRASSE'), 'CONFLICT', 'name')
    expect(await t.value('serviceAccounts:checkName', { name: 'zoë' })).toMatchObject({
      available: false,
    })
    expect(await t.value('serviceAccounts:checkName', { name: 'zoë-2' })).toEqual({
      available: true,
      message: null,
    })
  })

  it.each([
    ['', 'Name is required'],
    ['   ', 'only spaces'],
    ['a'.repeat(65), 'at most 64'],
    ['𝐀'.repeat(65), 'at most 64'],
    ['bot@acme', 'only letters, digits'],
    ['bot/1', 'only letters, digits'],
    ['robot 🤖', 'only letters, digits'],
    ['tab\tname', 'only letters, digits'],
  ])('refuses the name %j (VALIDATION on field name)', async (name, message) => {
    const e = refused(await annotator(name), 'VALIDATION', 'name')
    expect(e.message).toContain(message)
    expect(await t.value('serviceAccounts:list')).toEqual([])
  })

  it.each([
    'a',
    'a'.repeat(64),
    'Ünïcode Bot',
    '机器人',
    'सेवा-खाता',
    'bot_1.2-x',
    'Ωμέγα',
    '𝐀'.repeat(64),
  ])('accepts the name %j', async (name) => {
    const r = await annotator(name)
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.account.name).toBe(name)
  })

  it('requires assignments for Annotator, Reviewer and Manager, and none for Administrator', async () => {
    for (const role of ['AN', 'RE', 'MA'] as const) {
      const e = refused(await t.call('serviceAccounts:create', { name: 'x', role }), 'VALIDATION')
      expect(e.message).toMatch(/at least one workspace or project/)
    }
    const e = refused(
      await t.call('serviceAccounts:create', { name: 'x', role: 'AD', projectIds: [l.loose.id] }),
      'VALIDATION',
    )
    expect(e.message).toMatch(/whole organization/)
    const ok = await t.value('serviceAccounts:create', {
      name: 'reviewer',
      role: 'RE',
      projectIds: [l.loose.id],
    })
    expect(ok.account.projects).toEqual([{ id: l.loose.id, title: 'Contracts' }])
  })

  it('never makes a service account Owner, Not Activated, or born deactivated', async () => {
    for (const role of ['OW', 'NO'] as const) {
      // The UI cannot even send these: the contract refuses them.
      refused(
        await t.call('serviceAccounts:create', { name: 'x', role: role as 'AD' }),
        'VALIDATION',
        'role',
      )
      expect(() => t.engine.serviceAccounts.create(t.owner, { name: 'x', role })).toThrowError(
        expect.objectContaining({ code: 'VALIDATION' }),
      )
    }
    refused(await t.call('serviceAccounts:create', { name: 'x', role: 'DI' }), 'VALIDATION', 'role')
    expect(await t.value('serviceAccounts:list')).toEqual([])
  })

  it('refuses workspaces and projects that are unknown or of another organization', async () => {
    const other = t.repos.organizations.insert('Other Org', t.clock.now())
    const foreignWs = t.repos.workspaces.insert({
      organization_id: other,
      title: 'Theirs',
      description: '',
      color: '#000000',
      created_by: t.owner.userId,
      created_at: t.clock.now(),
    })
    const foreignProject = t.repos.projects.insert({
      organization_id: other,
      workspace_id: null,
      title: 'Theirs',
      description: '',
      created_by: t.owner.userId,
      created_at: t.clock.now(),
    })
    refused(await annotator('x', { workspaceIds: [foreignWs] }), 'VALIDATION', 'assignments')
    refused(await annotator('x', { workspaceIds: [], projectIds: [foreignProject] }), 'VALIDATION')
    refused(await annotator('x', { workspaceIds: [987654] }), 'VALIDATION', 'assignments')
    expect(await t.value('serviceAccounts:list')).toEqual([])
  })
})

describe('changing a service account', () => {
  async function one() {
    await raiseQuota(t, 1)
    return (
      await t.value('serviceAccounts:create', {
        name: 'worker',
        role: 'AN',
        workspaceIds: [l.ws.id],
      })
    ).account
  }

  it('has no rename: a name key is refused by the strict contracts', async () => {
    const a = await one()
    const before = snapshotTables(t.db)
    refused(
      await t.call('serviceAccounts:changeRole', {
        userId: a.userId,
        role: 'RE',
        name: 'renamed',
      } as never),
      'VALIDATION',
    )
    refused(
      await t.call('serviceAccounts:setAssignments', {
        userId: a.userId,
        workspaceIds: [l.ws2.id],
        name: 'renamed',
      } as never),
      'VALIDATION',
    )
    expect(snapshotTables(t.db)).toEqual(before)
    expect((await t.value('serviceAccounts:get', { userId: a.userId })).name).toBe('worker')
  })

  it('upgrades to Administrator (dropping assignments) and downgrades again with new ones', async () => {
    const a = await one()
    const admin = await t.value('serviceAccounts:changeRole', { userId: a.userId, role: 'AD' })
    expect(admin).toMatchObject({ role: 'AD', workspaces: [], projects: [] })
    refused(
      await t.call('serviceAccounts:changeRole', { userId: a.userId, role: 'MA' }),
      'VALIDATION',
      'assignments',
    )
    refused(
      await t.call('serviceAccounts:changeRole', {
        userId: a.userId,
        role: 'AD',
        projectIds: [l.loose.id],
      }),
      'VALIDATION',
    )
    const manager = await t.value('serviceAccounts:changeRole', {
      userId: a.userId,
      role: 'MA',
      projectIds: [l.loose.id],
    })
    expect(manager).toMatchObject({ role: 'MA', projects: [{ id: l.loose.id }], workspaces: [] })
  })

  it('keeps at least one assignment for an assigned role', async () => {
    const a = await one()
    refused(
      await t.call('serviceAccounts:setAssignments', { userId: a.userId }),
      'VALIDATION',
      'assignments',
    )
    refused(
      await t.call('workspaces:removeMember', { id: l.ws.id, userId: a.userId }),
      'VALIDATION',
    )
    // Deleting the workspace would remove its last assignment through the cascade.
    await t.value('projects:delete', { id: l.inWs.id })
    refused(await t.call('workspaces:delete', { id: l.ws.id }), 'VALIDATION')
    const moved = await t.value('serviceAccounts:setAssignments', {
      userId: a.userId,
      projectIds: [l.loose.id],
    })
    expect(moved.workspaces).toEqual([])
    refused(await t.call('projects:delete', { id: l.loose.id }), 'VALIDATION')
    refused(
      await t.call('projects:removeMember', { id: l.loose.id, userId: a.userId }),
      'VALIDATION',
    )
    expect((await t.value('workspaces:delete', { id: l.ws.id })).id).toBe(l.ws.id)
  })

  it('reset revokes the old token at once and issues a new one', async () => {
    await raiseQuota(t, 1)
    const { account, token } = await t.value('serviceAccounts:create', { name: 'r', role: 'AD' })
    const reset = await t.value('serviceAccounts:resetToken', { userId: account.userId })
    expect(reset.token).not.toBe(token)
    expect(verify(token)).toBe('revoked')
    expect(verify(reset.token)).toBe('ok')
    expect(reset.account.token?.display).toBe(`tsa_…${reset.token.slice(-4)}`)
  })

  it('reset is one transaction: if the new token cannot be issued, the old one still works', async () => {
    const { account, token } = await t.value('serviceAccounts:create', { name: 'r', role: 'AD' })
    const random = t.deps.randomBytes
    t.deps.randomBytes = () => {
      throw new Error('entropy source failed')
    }
    const r = await t.call('serviceAccounts:resetToken', { userId: account.userId })
    t.deps.randomBytes = random
    refused(r, 'INTERNAL')
    expect(verify(token)).toBe('ok')
  })

  it('deactivation refuses the token; reactivation restores it', async () => {
    const { account, token } = await t.value('serviceAccounts:create', {
      name: 'd',
      role: 'RE',
      projectIds: [l.loose.id],
    })
    const off = await t.value('serviceAccounts:changeRole', { userId: account.userId, role: 'DI' })
    expect(off).toMatchObject({ status: 'deactivated', projects: [{ id: l.loose.id }] })
    expect(verify(token)).toBe('deactivated')
    const on = await t.value('serviceAccounts:changeRole', { userId: account.userId, role: 'RE' })
    expect(on.status).toBe('active')
    expect(verify(token)).toBe('ok')
  })
})

describe('deleting and undeleting', () => {
  async function created() {
    return t.value('serviceAccounts:create', {
      name: 'Temp Bot',
      role: 'AN',
      projectIds: [l.loose.id],
    })
  }

  it('asks for the exact name and changes nothing otherwise', async () => {
    const { account, token } = await created()
    const before = snapshotTables(t.db)
    for (const confirmName of ['temp bot', 'Temp', '']) {
      refused(
        await t.call('serviceAccounts:delete', { userId: account.userId, confirmName }),
        'VALIDATION',
        'confirmName',
      )
    }
    expect(snapshotTables(t.db)).toEqual(before)
    expect(verify(token)).toBe('ok')
  })

  it('revokes tokens, frees the slot, reserves the name for 30 days', async () => {
    const { account, token } = await created()
    const gone = await t.value('serviceAccounts:delete', {
      userId: account.userId,
      confirmName: 'Temp Bot',
    })
    expect(gone).toMatchObject({ status: 'deleted', token: null })
    expect(gone.undeleteUntil).toBe(t.clock.now() + 30 * DAY_MS)
    expect(verify(token)).toBe('deleted')
    expect(await t.value('serviceAccounts:list')).toEqual([])
    expect((await t.value('serviceAccounts:list', { includeDeleted: true })).length).toBe(1)
    expect((await t.value('org:get')).serviceAccountsUsed).toBe(0)
    // Slot free, name not: another name works, the same name waits.
    expect(refused(await annotator('temp bot'), 'CONFLICT', 'name').message).toMatch(/reserved/)
    t.clock.advance(30 * DAY_MS)
    refused(await annotator('Temp Bot'), 'CONFLICT', 'name')
    t.clock.advance(1)
    expect((await annotator('Temp Bot')).ok).toBe(true)
    // The old account's window is over: it can no longer be found or undeleted.
    refused(await t.call('serviceAccounts:undelete', { userId: account.userId }), 'NOT_FOUND')
    refused(await t.call('serviceAccounts:get', { userId: account.userId }), 'NOT_FOUND')
  })

  it('undelete inside the window issues a new token; the old one stays dead', async () => {
    const { account, token } = await created()
    await t.value('serviceAccounts:delete', { userId: account.userId, confirmName: 'Temp Bot' })
    t.clock.advance(29 * DAY_MS)
    const back = await t.value('serviceAccounts:undelete', { userId: account.userId })
    expect(back.token).not.toBe(token)
    expect(back.account).toMatchObject({ status: 'active', role: 'AN', name: 'Temp Bot' })
    expect(back.account.projects).toEqual([{ id: l.loose.id, title: 'Contracts' }])
    expect(verify(token)).toBe('revoked')
    expect(verify(back.token)).toBe('ok')
    refused(await t.call('serviceAccounts:undelete', { userId: account.userId }), 'CONFLICT')
  })

  it('refuses undelete when the quota is used up again', async () => {
    const { account } = await created()
    await t.value('serviceAccounts:delete', { userId: account.userId, confirmName: 'Temp Bot' })
    await t.value('serviceAccounts:create', { name: 'replacement', role: 'AD' })
    const e = refused(
      await t.call('serviceAccounts:undelete', { userId: account.userId }),
      'QUOTA_EXCEEDED',
    )
    expect(e.message).toContain('Request additional service accounts')
    expect((await t.value('serviceAccounts:list', { includeDeleted: true })).length).toBe(2)
  })

  it('refuses changes to a deleted account until it is undeleted', async () => {
    const { account } = await created()
    await t.value('serviceAccounts:delete', { userId: account.userId, confirmName: 'Temp Bot' })
    refused(await t.call('serviceAccounts:resetToken', { userId: account.userId }), 'CONFLICT')
    refused(
      await t.call('serviceAccounts:changeRole', { userId: account.userId, role: 'AD' }),
      'CONFLICT',
    )
    expect(t.repos.apiTokens.live(account.userId)).toEqual([])
  })

  it('comes back deactivated when its projects were deleted meanwhile', async () => {
    const { account, token } = await created()
    await t.value('serviceAccounts:delete', { userId: account.userId, confirmName: 'Temp Bot' })
    await t.value('projects:delete', { id: l.loose.id })
    const back = await t.value('serviceAccounts:undelete', { userId: account.userId })
    expect(back.account).toMatchObject({ status: 'deactivated', role: 'DI', projects: [] })
    expect(verify(back.token)).toBe('deactivated')
    expect(verify(token)).toBe('revoked')
    const on = await t.value('serviceAccounts:changeRole', {
      userId: account.userId,
      role: 'AN',
      workspaceIds: [l.ws.id],
    })
    expect(on.status).toBe('active')
    expect(verify(back.token)).toBe('ok')
  })
})
