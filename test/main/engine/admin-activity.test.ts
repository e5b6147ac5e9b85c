import { describe, expect, it } from 'vitest'
import { DAY_MS } from '../../../src/main/engine/deps'
import { makeEngine } from '../../support/engine'
import { addAdmin, adminEntries, entriesOf } from './helpers'

describe('admin activity', () => {
  it('records exactly one entry per admin change, with actor, action, target and details', async () => {
    const t = makeEngine()
    const tokens: string[] = []
    const owner = { actor_id: t.owner.userId, actor_email: 'owner@acme.test' }
    const one = async (fn: () => Promise<unknown>) => {
      const e = await entriesOf(t, fn)
      expect(e, 'entries written').toHaveLength(1)
      return e[0]!
    }

    expect(adminEntries(t).map((e) => e.action)).toEqual(['organization.create'])

    let ws = 0
    expect(
      await one(async () => (ws = (await t.value('workspaces:create', { title: 'W' })).id)),
    ).toMatchObject({
      ...owner,
      action: 'workspace.create',
      workspace_id: ws,
      details: { title: 'W' },
    })
    let pr = 0
    expect(
      await one(
        async () => (pr = (await t.value('projects:create', { title: 'P', workspaceId: ws })).id),
      ),
    ).toMatchObject({ action: 'project.create', project_id: pr, workspace_id: ws })

    let person = 0
    expect(
      await one(
        async () =>
          (person = (await t.value('members:addPerson', { email: 'p@acme.test', role: 'AN' }))
            .userId),
      ),
    ).toMatchObject({
      ...owner,
      action: 'member.add',
      target_user_id: person,
      details: { role: 'AN' },
    })
    expect(
      await one(() => t.value('members:changeRole', { userId: person, role: 'RE' })),
    ).toMatchObject({
      action: 'member.role',
      target_user_id: person,
      details: { from: 'AN', to: 'RE' },
    })
    expect(await one(() => t.value('members:deactivate', { userId: person }))).toMatchObject({
      action: 'member.deactivate',
      target_user_id: person,
    })
    expect(await one(() => t.value('members:reactivate', { userId: person }))).toMatchObject({
      action: 'member.reactivate',
      details: { from: 'DI', to: 'AN' },
    })

    const req = await t.value('quota:request', { count: 2, reason: 'bots' })
    expect(adminEntries(t).at(-1)).toMatchObject({
      action: 'quota.request',
      details: { requestId: req.id, count: 2 },
    })
    expect(await one(() => t.value('quota:approve', { id: req.id }))).toMatchObject({
      action: 'quota.approve',
      details: { requestId: req.id, quotaBefore: 1, quotaAfter: 3 },
    })
    const req2 = await t.value('quota:request', { count: 1, reason: 'more' })
    expect(await one(() => t.value('quota:decline', { id: req2.id }))).toMatchObject({
      action: 'quota.decline',
      details: { quotaBefore: 3, quotaAfter: 3 },
    })

    let sa = 0
    const created = await one(async () => {
      const r = await t.value('serviceAccounts:create', {
        name: 'bot',
        role: 'AN',
        workspaceIds: [ws],
      })
      tokens.push(r.token)
      sa = r.account.userId
    })
    expect(created).toMatchObject({
      ...owner,
      action: 'service_account.create',
      target_user_id: sa,
      details: { name: 'bot', role: 'AN', workspaceIds: [ws], projectIds: [] },
    })
    expect(
      await one(() => t.value('serviceAccounts:changeRole', { userId: sa, role: 'MA' })),
    ).toMatchObject({
      action: 'service_account.role',
      target_user_id: sa,
      details: { name: 'bot', from: 'AN', to: 'MA' },
    })
    expect(
      await one(() => t.value('serviceAccounts:setAssignments', { userId: sa, projectIds: [pr] })),
    ).toMatchObject({
      action: 'service_account.assignments',
      details: {
        before: { workspaceIds: [ws], projectIds: [] },
        after: { workspaceIds: [], projectIds: [pr] },
      },
    })
    expect(
      await one(async () => {
        tokens.push((await t.value('serviceAccounts:resetToken', { userId: sa })).token)
      }),
    ).toMatchObject({
      action: 'service_account.reset_token',
      target_user_id: sa,
      details: { revoked: 1 },
    })
    expect(
      await one(() => t.value('serviceAccounts:changeRole', { userId: sa, role: 'DI' })),
    ).toMatchObject({ action: 'service_account.deactivate', details: { from: 'MA', to: 'DI' } })
    expect(
      await one(() => t.value('serviceAccounts:changeRole', { userId: sa, role: 'MA' })),
    ).toMatchObject({ action: 'service_account.reactivate' })
    expect(
      await one(() => t.value('serviceAccounts:delete', { userId: sa, confirmName: 'bot' })),
    ).toMatchObject({
      action: 'service_account.delete',
      target_user_id: sa,
      details: { revoked: 1 },
    })
    t.clock.advance(DAY_MS)
    expect(
      await one(async () => {
        tokens.push((await t.value('serviceAccounts:undelete', { userId: sa })).token)
      }),
    ).toMatchObject({ action: 'service_account.undelete', target_user_id: sa })

    expect(
      await one(() => t.value('org:updateSettings', { tokenMaxLifetimeDays: 90, title: 'Acme' })),
    ).toMatchObject({
      action: 'organization.settings',
      details: { tokenMaxLifetimeDays: 90, title: 'Acme' },
    })
    expect(await one(() => t.value('workspaces:update', { id: ws, title: 'W2' }))).toMatchObject({
      action: 'workspace.update',
      workspace_id: ws,
    })
    expect(
      await one(() => t.value('workspaces:addMember', { id: ws, userId: person })),
    ).toMatchObject({
      action: 'workspace.member.add',
      target_user_id: person,
    })
    expect(
      await one(() => t.value('workspaces:removeMember', { id: ws, userId: person })),
    ).toMatchObject({ action: 'workspace.member.remove', target_user_id: person })
    expect(await one(() => t.value('projects:archive', { id: pr, archived: true }))).toMatchObject({
      action: 'project.archive',
      project_id: pr,
    })

    // An Administrator's changes name that Administrator.
    const adminActor = await addAdmin(t)
    const admin = t.as(adminActor)
    expect(await one(() => admin.value('workspaces:create', { title: 'Theirs' }))).toMatchObject({
      actor_id: adminActor.userId,
      actor_email: 'admin@acme.test',
    })

    // Refusals and no-op saves write nothing.
    expect(
      await entriesOf(t, async () => {
        await t.call('serviceAccounts:create', { name: 'bot', role: 'AD' })
        await t.call('members:changeRole', { userId: t.owner.userId, role: 'AD' })
        await t.call('workspaces:delete', { id: ws })
        await t.call('quota:approve', { id: req.id })
        await t.call('serviceAccounts:changeRole', { userId: sa, role: 'MA' })
        await t.call('serviceAccounts:setAssignments', { userId: sa, projectIds: [pr] })
        await t.call('org:updateSettings', { title: 'Acme' })
        await t.call('workspaces:addMember', { id: ws, userId: t.owner.userId }) // already in
      }),
    ).toEqual([])

    // No entry, anywhere in any field, carries a token.
    const all = JSON.stringify(t.db.prepare('SELECT * FROM activity_entries').all())
    expect(tokens).toHaveLength(3)
    for (const token of tokens) {
      expect(all).not.toContain(token)
      expect(all).not.toContain(token.slice(4, 34))
    }
  })
})
