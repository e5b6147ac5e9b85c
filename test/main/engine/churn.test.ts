import { describe, expect, it } from 'vitest'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { GENESIS_HASH, entryHash } from '../../../src/main/engine/activity/chain'
import { DAY_MS } from '../../../src/main/engine/deps'
import { ASSIGNED_ROLES } from '../../../src/shared/roles'
import { makeEngine, type TestEngine } from '../../support/engine'
import { raiseQuota } from './helpers'

/** mulberry32: a small deterministic generator, so a failure replays exactly. */
function prng(seed: number) {
  let a = seed >>> 0
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), a | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) % n
  }
}

/** What must hold after any sequence of admin operations, successful or refused. */
function checkInvariants(t: TestEngine) {
  const { repos, db } = t
  const org = repos.organizations.get(t.owner.organizationId)!
  const accounts = repos.serviceAccounts.list(org.id)
  const live = accounts.filter((a) => a.deleted_at === null)
  expect(live.length).toBeLessThanOrEqual(org.service_account_quota)
  const keys = live.map((a) => a.name_key)
  expect(new Set(keys).size).toBe(keys.length)
  for (const a of accounts) {
    const role = repos.memberships.get(org.id, a.user_id)!.role
    const assigned =
      repos.workspaceMembers.ofUser(a.user_id).length +
      repos.projectMembers.ofUser(a.user_id).length
    const tokens = repos.apiTokens.live(a.user_id)
    if (a.deleted_at !== null) {
      expect(tokens, `${a.name}: deleted accounts hold no live token`).toEqual([])
      continue
    }
    expect(tokens, `${a.name}: exactly one live token`).toHaveLength(1)
    expect(role).not.toBe('OW')
    if (ASSIGNED_ROLES.includes(role)) expect(assigned, `${a.name} (${role})`).toBeGreaterThan(0)
    if (role === 'AD') expect(assigned, `${a.name} (AD)`).toBe(0)
  }
  expect(db.pragma('foreign_key_check')).toEqual([])
}

function checkChain(t: TestEngine) {
  const rows = t.db.prepare('SELECT * FROM activity_entries ORDER BY id').all() as ActivityRow[]
  let prev: Buffer = GENESIS_HASH
  rows.forEach((row, i) => {
    expect(row.id).toBe(i + 1)
    expect(Buffer.compare(row.prev_hash, prev), `entry ${row.id} links to its predecessor`).toBe(0)
    expect(Buffer.compare(row.hash, entryHash(row)), `entry ${row.id} hash`).toBe(0)
    prev = row.hash
  })
}

describe('a long run of mixed admin operations', () => {
  it('keeps every rule, the activity chain and the database intact', async () => {
    const t = makeEngine()
    await raiseQuota(t, 3)
    const ws = [1, 2, 3].map((i) => t.engine.workspaces.create(t.owner, { title: `W${i}` }).id)
    const pr = [1, 2, 3].map(
      (i) => t.engine.projects.create(t.owner, { title: `P${i}`, workspaceId: ws[i - 1] }).id,
    )
    const rnd = prng(20260115)
    const pick = <T>(xs: readonly T[]) => xs[rnd(xs.length)]!
    const ids = () => t.repos.serviceAccounts.list(t.owner.organizationId).map((a) => a.user_id)
    const outcomes = new Map<string, number>()
    for (let step = 0; step < 400; step++) {
      const userId = ids().length && rnd(5) ? pick(ids()) : 999
      const some = () => ({
        workspaceIds: rnd(2) ? [pick(ws)] : [],
        projectIds: rnd(2) ? [pick(pr)] : [],
      })
      const name = () => t.repos.serviceAccounts.get(userId)?.name ?? 'x'
      const ops = [
        () =>
          t.call('serviceAccounts:create', {
            name: `bot ${rnd(12)}`,
            role: pick(['AD', 'MA', 'RE', 'AN'] as const),
            ...some(),
          }),
        () =>
          t.call('serviceAccounts:changeRole', {
            userId,
            role: pick(['AD', 'MA', 'RE', 'AN', 'DI'] as const),
            ...some(),
          }),
        () => t.call('serviceAccounts:setAssignments', { userId, ...some() }),
        () => t.call('serviceAccounts:resetToken', { userId }),
        () => t.call('serviceAccounts:delete', { userId, confirmName: rnd(4) ? name() : 'nope' }),
        () => t.call('serviceAccounts:undelete', { userId }),
        () => t.call('workspaces:removeMember', { id: pick(ws), userId }),
        () => t.call('projects:removeMember', { id: pick(pr), userId }),
        () => t.call('projects:addMember', { id: pick(pr), userId }),
        () => Promise.resolve(t.clock.advance(rnd(3) * 4 * DAY_MS)),
      ]
      const r = await pick(ops)()
      const key = r && typeof r === 'object' && 'ok' in r ? (r.ok ? 'ok' : r.error.code) : 'clock'
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
      expect(key, 'no operation ends in INTERNAL').not.toBe('INTERNAL')
      if (step % 40 === 0) checkInvariants(t)
    }
    checkInvariants(t)
    checkChain(t)
    expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok')
    // The run exercised both successes and each kind of refusal, so the checks above mean something.
    expect(outcomes.get('ok')).toBeGreaterThan(50)
    for (const code of ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'QUOTA_EXCEEDED']) {
      expect(outcomes.get(code) ?? 0, code).toBeGreaterThan(0)
    }
  })
})
