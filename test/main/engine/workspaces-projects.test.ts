import { beforeEach, describe, expect, it } from 'vitest'
import { makeEngine, type TestEngine } from '../../support/engine'
import { raiseQuota, refused } from './helpers'

let t: TestEngine
beforeEach(() => {
  t = makeEngine()
})

describe('workspaces', () => {
  it('creates, updates, archives, unarchives and lists them', async () => {
    const w = await t.value('workspaces:create', { title: ' Medical ', description: 'scans' })
    expect(w).toMatchObject({ title: 'Medical', description: 'scans', archivedAt: null })
    expect(w.color).toMatch(/^#[0-9a-f]{6}$/i)
    expect(w.memberCount).toBe(1) // its creator
    const u = await t.value('workspaces:update', { id: w.id, title: 'Radiology', color: '#112233' })
    expect(u).toMatchObject({ title: 'Radiology', description: 'scans', color: '#112233' })
    const a = await t.value('workspaces:archive', { id: w.id, archived: true })
    expect(a.archivedAt).toBe(t.clock.now())
    expect(await t.value('workspaces:list')).toEqual([])
    expect(await t.value('workspaces:list', { includeArchived: true })).toHaveLength(1)
    await t.value('workspaces:archive', { id: w.id, archived: false })
    expect((await t.value('workspaces:list')).map((x) => x.title)).toEqual(['Radiology'])
    refused(await t.call('workspaces:update', { id: 999, title: 'x' }), 'NOT_FOUND')
    refused(await t.call('workspaces:update', { id: w.id, color: 'red' }), 'VALIDATION', 'color')
  })

  it('deletes a workspace only when it has no projects', async () => {
    const w = await t.value('workspaces:create', { title: 'W' })
    const p = await t.value('projects:create', { title: 'P', workspaceId: w.id })
    expect(refused(await t.call('workspaces:delete', { id: w.id }), 'CONFLICT').message).toMatch(
      /1 project/,
    )
    await t.value('projects:update', { id: p.id, workspaceId: null })
    expect(await t.value('workspaces:delete', { id: w.id })).toEqual({ id: w.id })
    expect(await t.value('workspaces:list', { includeArchived: true })).toEqual([])
    refused(await t.call('workspaces:delete', { id: w.id }), 'NOT_FOUND')
  })

  it('adds and removes members, people and service accounts alike', async () => {
    const w = await t.value('workspaces:create', { title: 'W' })
    const p = await t.value('members:addPerson', { email: 'p@acme.test', role: 'AN' })
    await raiseQuota(t, 1)
    const other = await t.value('projects:create', { title: 'Elsewhere' })
    const { account } = await t.value('serviceAccounts:create', {
      name: 'bot',
      role: 'AN',
      projectIds: [other.id],
    })
    await t.value('workspaces:addMember', { id: w.id, userId: p.userId })
    const members = await t.value('workspaces:addMember', { id: w.id, userId: account.userId })
    // Adding twice is harmless.
    expect(await t.value('workspaces:addMember', { id: w.id, userId: account.userId })).toEqual(
      members,
    )
    expect((await t.value('serviceAccounts:get', { userId: account.userId })).workspaces).toEqual([
      { id: w.id, title: 'W' },
    ])
    expect(members.map((m) => [m.email, m.kind])).toEqual(
      expect.arrayContaining([
        ['p@acme.test', 'human'],
        [account.email, 'service'],
      ]),
    )
    const after = await t.value('workspaces:removeMember', { id: w.id, userId: p.userId })
    expect(after.map((m) => m.userId)).not.toContain(p.userId)
    refused(await t.call('workspaces:addMember', { id: w.id, userId: 424242 }), 'NOT_FOUND')
    await t.value('members:deactivate', { userId: p.userId })
    refused(await t.call('workspaces:addMember', { id: w.id, userId: p.userId }), 'VALIDATION')
  })
})

describe('projects', () => {
  it('creates, moves, updates, archives and deletes them', async () => {
    const w = await t.value('workspaces:create', { title: 'W' })
    const p = await t.value('projects:create', { title: 'P' })
    expect(p).toMatchObject({ workspaceId: null, taskCount: 0, memberCount: 0 })
    const moved = await t.value('projects:update', { id: p.id, workspaceId: w.id, title: 'P2' })
    expect(moved).toMatchObject({ workspaceId: w.id, title: 'P2' })
    expect((await t.value('workspaces:list'))[0]!.projectCount).toBe(1)
    expect(await t.value('projects:list', { workspaceId: w.id })).toHaveLength(1)
    refused(
      await t.call('projects:update', { id: p.id, workspaceId: 777 }),
      'VALIDATION',
      'workspaceId',
    )
    refused(await t.call('projects:create', { title: 'Q', workspaceId: 777 }), 'VALIDATION')
    await t.value('projects:archive', { id: p.id, archived: true })
    expect(await t.value('projects:list')).toEqual([])
    expect(await t.value('projects:delete', { id: p.id })).toEqual({ id: p.id })
    refused(await t.call('projects:members', { id: p.id }), 'NOT_FOUND')
  })

  it('adds and removes project members', async () => {
    const p = await t.value('projects:create', { title: 'P' })
    const person = await t.value('members:addPerson', { email: 'p@acme.test', role: 'RE' })
    expect(
      (await t.value('projects:addMember', { id: p.id, userId: person.userId })).map(
        (m) => m.userId,
      ),
    ).toEqual([person.userId])
    expect(await t.value('projects:removeMember', { id: p.id, userId: person.userId })).toEqual([])
  })

  it('does not add an Administrator service account anywhere: it already reaches everything', async () => {
    const p = await t.value('projects:create', { title: 'P' })
    const w = await t.value('workspaces:create', { title: 'W' })
    const { account } = await t.value('serviceAccounts:create', { name: 'admin-bot', role: 'AD' })
    refused(await t.call('projects:addMember', { id: p.id, userId: account.userId }), 'VALIDATION')
    refused(
      await t.call('workspaces:addMember', { id: w.id, userId: account.userId }),
      'VALIDATION',
    )
    expect(await t.value('serviceAccounts:get', { userId: account.userId })).toMatchObject({
      role: 'AD',
      workspaces: [],
      projects: [],
    })
  })

  it('keeps an Annotator service account’s last project (and lets it go once another exists)', async () => {
    await raiseQuota(t, 1)
    const p1 = await t.value('projects:create', { title: 'P1' })
    const p2 = await t.value('projects:create', { title: 'P2' })
    const { account } = await t.value('serviceAccounts:create', {
      name: 'an',
      role: 'AN',
      projectIds: [p1.id],
    })
    const e = refused(
      await t.call('projects:removeMember', { id: p1.id, userId: account.userId }),
      'VALIDATION',
    )
    expect(e.message).toMatch(/needs at least one workspace or project/)
    refused(await t.call('projects:delete', { id: p1.id }), 'VALIDATION')
    await t.value('projects:addMember', { id: p2.id, userId: account.userId })
    await t.value('projects:removeMember', { id: p1.id, userId: account.userId })
    expect((await t.value('serviceAccounts:get', { userId: account.userId })).projects).toEqual([
      { id: p2.id, title: 'P2' },
    ])
    // A deactivated account needs none: its last project may go.
    await t.value('serviceAccounts:changeRole', { userId: account.userId, role: 'DI' })
    await t.value('projects:delete', { id: p2.id })
    expect((await t.value('serviceAccounts:get', { userId: account.userId })).projects).toEqual([])
  })
})
