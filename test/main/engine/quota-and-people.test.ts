import { beforeEach, describe, expect, it } from 'vitest'
import { makeEngine, snapshotTables, type TestEngine } from '../../support/engine'
import { addAdmin, refused } from './helpers'

let t: TestEngine
beforeEach(() => {
  t = makeEngine()
})

describe('quota requests', () => {
  it('request → Owner approves → quota raised → the next create succeeds', async () => {
    await t.value('serviceAccounts:create', { name: 'one', role: 'AD' })
    refused(await t.call('serviceAccounts:create', { name: 'two', role: 'AD' }), 'QUOTA_EXCEEDED')
    const req = await t.value('quota:request', { count: 2, reason: ' CI pipelines ' })
    expect(req).toMatchObject({ status: 'pending', count: 2, reason: 'CI pipelines' })
    expect((await t.value('org:get')).pendingQuotaRequests).toBe(1)
    const approved = await t.value('quota:approve', { id: req.id, note: 'ok' })
    expect(approved).toMatchObject({
      status: 'approved',
      decidedBy: { id: t.owner.userId },
      decidedAt: t.clock.now(),
      note: 'ok',
    })
    const org = await t.value('org:get')
    expect(org).toMatchObject({ serviceAccountQuota: 3, pendingQuotaRequests: 0 })
    await t.value('serviceAccounts:create', { name: 'two', role: 'AD' })
    await t.value('serviceAccounts:create', { name: 'three', role: 'AD' })
    refused(await t.call('serviceAccounts:create', { name: 'four', role: 'AD' }), 'QUOTA_EXCEEDED')
  })

  it('decline leaves the quota; deciding twice is a CONFLICT', async () => {
    const req = await t.value('quota:request', { count: 5, reason: 'more bots' })
    expect((await t.value('quota:decline', { id: req.id })).status).toBe('declined')
    expect((await t.value('org:get')).serviceAccountQuota).toBe(1)
    refused(await t.call('quota:approve', { id: req.id }), 'CONFLICT')
    refused(await t.call('quota:decline', { id: req.id }), 'CONFLICT')
    const other = await t.value('quota:request', { count: 1, reason: 'one more' })
    await t.value('quota:approve', { id: other.id })
    refused(await t.call('quota:approve', { id: other.id }), 'CONFLICT')
    expect((await t.value('org:get')).serviceAccountQuota).toBe(2)
    expect((await t.value('quota:list', { status: 'declined' })).map((r) => r.id)).toEqual([req.id])
  })

  it('an Administrator may ask but only the Owner decides (FORBIDDEN)', async () => {
    const admin = t.as(await addAdmin(t))
    const req = await admin.value('quota:request', { count: 3, reason: 'needed' })
    expect(req.requestedBy.email).toBe('admin@acme.test')
    const before = snapshotTables(t.db)
    expect(refused(await admin.call('quota:approve', { id: req.id }), 'FORBIDDEN').message).toMatch(
      /Owner/,
    )
    refused(await admin.call('quota:decline', { id: req.id }), 'FORBIDDEN')
    expect(snapshotTables(t.db)).toEqual(before)
    await t.value('quota:approve', { id: req.id })
    expect((await t.value('org:get')).serviceAccountQuota).toBe(4)
  })

  it('the Owner raises the quota directly, recorded; an Administrator may not (FORBIDDEN)', async () => {
    const quota = (await t.value('org:get')).serviceAccountQuota
    expect(await t.value('quota:raise', { count: 3, reason: 'OCR pipeline' })).toEqual({
      serviceAccountQuota: quota + 3,
    })
    expect((await t.value('org:get')).serviceAccountQuota).toBe(quota + 3)
    // No request to approve: nothing pending, and the change is in the log.
    expect(await t.value('quota:list')).toEqual([])
    const log = await t.value('activity:list', { filter: { kind: 'admin' } })
    const raised = log.entries.find((e) => e.action === 'quota.raise')!
    expect(raised.actorId).toBe(t.owner.userId)
    expect(JSON.parse(raised.details!)).toEqual({
      count: 3,
      quotaBefore: quota,
      quotaAfter: quota + 3,
      reason: 'OCR pipeline',
    })

    const admin = t.as(await addAdmin(t))
    const before = snapshotTables(t.db)
    expect(refused(await admin.call('quota:raise', { count: 1 }), 'FORBIDDEN').message).toMatch(
      /Owner/,
    )
    expect(snapshotTables(t.db)).toEqual(before)
    refused(await t.call('quota:raise', { count: 0 }), 'VALIDATION', 'count')
  })

  it('refuses counts outside 1–100, a blank reason, and unknown requests', async () => {
    refused(await t.call('quota:request', { count: 0, reason: 'x' }), 'VALIDATION', 'count')
    refused(await t.call('quota:request', { count: 101, reason: 'x' }), 'VALIDATION', 'count')
    refused(await t.call('quota:request', { count: 1, reason: '   ' }), 'VALIDATION', 'reason')
    refused(await t.call('quota:approve', { id: 4242 }), 'NOT_FOUND')
    expect(await t.value('quota:list')).toEqual([])
  })
})

describe('people', () => {
  it('adds a person; a second person with the same email (any case) is a CONFLICT', async () => {
    const m = await t.value('members:addPerson', {
      email: 'Ann@Acme.test',
      firstName: 'Ann',
      role: 'AN',
    })
    expect(m).toMatchObject({ kind: 'human', role: 'AN', userType: 'standard', displayName: 'Ann' })
    refused(
      await t.call('members:addPerson', { email: 'ann@acme.test', role: 'RE' }),
      'CONFLICT',
      'email',
    )
    refused(await t.call('members:addPerson', { email: 'not-an-email', role: 'RE' }), 'VALIDATION')
    refused(
      await t.call('members:addPerson', { email: 'x@acme.test', role: 'OW' as 'AD' }),
      'VALIDATION',
      'role',
    )
  })

  it('counts seats for people only and stops at the seat limit', async () => {
    await t.value('org:updateSettings', { seatLimit: 3 })
    await t.value('serviceAccounts:create', { name: 'bot', role: 'AD' })
    await t.value('members:addPerson', { email: 'a@acme.test', role: 'AN' })
    const b = await t.value('members:addPerson', { email: 'b@acme.test', role: 'RE' })
    expect((await t.value('org:get')).seatsUsed).toBe(3)
    const e = refused(
      await t.call('members:addPerson', { email: 'c@acme.test', role: 'AN' }),
      'QUOTA_EXCEEDED',
    )
    expect(e.message).toMatch(/seats/)
    // Invited-but-not-activated and deactivated people hold no seat.
    await t.value('members:addPerson', { email: 'invited@acme.test', role: 'NO' })
    expect((await t.value('org:get')).seatsUsed).toBe(3)
    await t.value('members:deactivate', { userId: b.userId })
    expect((await t.value('org:get')).seatsUsed).toBe(2)
    await t.value('members:addPerson', { email: 'c@acme.test', role: 'AN' })
    refused(await t.call('members:reactivate', { userId: b.userId }), 'QUOTA_EXCEEDED')
    refused(await t.call('org:updateSettings', { seatLimit: 2 }), 'VALIDATION', 'seatLimit')
  })

  it('activates an invited person only when a seat is free', async () => {
    await t.value('org:updateSettings', { seatLimit: 2 })
    const invited = await t.value('members:addPerson', { email: 'i@acme.test', role: 'NO' })
    const active = await t.value('members:changeRole', { userId: invited.userId, role: 'AN' })
    expect(active.role).toBe('AN')
    const second = await t.value('members:addPerson', { email: 'j@acme.test', role: 'NO' })
    refused(
      await t.call('members:changeRole', { userId: second.userId, role: 'MA' }),
      'QUOTA_EXCEEDED',
    )
  })

  it('changes roles, deactivates and reactivates', async () => {
    const p = await t.value('members:addPerson', { email: 'p@acme.test', role: 'AN' })
    expect((await t.value('members:changeRole', { userId: p.userId, role: 'MA' })).role).toBe('MA')
    expect((await t.value('members:deactivate', { userId: p.userId })).role).toBe('DI')
    // Deactivating twice is harmless and records nothing new.
    const entries = snapshotTables(t.db).activity_entries!.length
    expect((await t.value('members:deactivate', { userId: p.userId })).role).toBe('DI')
    expect(snapshotTables(t.db).activity_entries).toHaveLength(entries)
    refused(await t.call('members:reactivate', { userId: 9999 }), 'NOT_FOUND')
    const back = await t.value('members:reactivate', { userId: p.userId, role: 'RE' })
    expect(back.role).toBe('RE')
    refused(await t.call('members:reactivate', { userId: p.userId }), 'CONFLICT')
  })

  it('never changes the Owner’s role, nor an admin’s own role', async () => {
    const before = snapshotTables(t.db)
    refused(await t.call('members:changeRole', { userId: t.owner.userId, role: 'AD' }), 'FORBIDDEN')
    refused(await t.call('members:deactivate', { userId: t.owner.userId }), 'FORBIDDEN')
    const adminActor = await addAdmin(t)
    const admin = t.as(adminActor)
    refused(
      await admin.call('members:changeRole', { userId: t.owner.userId, role: 'AN' }),
      'FORBIDDEN',
    )
    refused(
      await admin.call('members:changeRole', { userId: adminActor.userId, role: 'AN' }),
      'FORBIDDEN',
    )
    expect(snapshotTables(t.db).memberships).toHaveLength(before.memberships!.length + 1)
    expect((await t.value('org:get')).owner?.id).toBe(t.owner.userId)
  })

  it('sends service accounts to their own page', async () => {
    const { account } = await t.value('serviceAccounts:create', { name: 'svc', role: 'AD' })
    refused(
      await t.call('members:changeRole', { userId: account.userId, role: 'AN' }),
      'VALIDATION',
      'userId',
    )
    refused(await t.call('members:deactivate', { userId: account.userId }), 'VALIDATION')
    // …but they appear in the member list, marked as service accounts.
    const listed = (await t.value('members:list')).find((m) => m.userId === account.userId)
    expect(listed).toMatchObject({ kind: 'service', userType: 'service', role: 'AD' })
    expect(await t.value('members:list', { kind: 'service' })).toHaveLength(1)
  })
})
