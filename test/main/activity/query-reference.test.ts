import { describe, expect, it } from 'vitest'
import type { ActivityEntry, ActivityFilter } from '../../../src/shared/contracts/activity.contract'
import { T0, makeEngine } from '../../support/engine'
import { MIN, api } from './fixture'

/** A tiny deterministic PRNG so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
}

function matches(e: ActivityEntry, f: ActivityFilter): boolean {
  const url = (e.url ?? '').toLowerCase()
  const groups = (f.search ?? '').split(' OR ').map((g) => g.split(' AND ').filter(Boolean))
  return (
    (f.userId === undefined || e.actorId === f.userId || e.targetUserId === f.userId) &&
    (f.actorId === undefined || e.actorId === f.actorId) &&
    (f.tokenId === undefined || e.tokenId === f.tokenId) &&
    (f.projectId === undefined || e.projectId === f.projectId) &&
    (f.workspaceId === undefined || e.workspaceId === f.workspaceId) &&
    (f.method === undefined || e.method === f.method) &&
    (f.statusClass === undefined ||
      (e.status !== null && Math.floor(e.status / 100) === f.statusClass)) &&
    (f.kind === undefined || e.kind === f.kind) &&
    (f.from === undefined || e.ts >= f.from) &&
    (f.to === undefined || e.ts <= f.to) &&
    (!f.search || groups.some((g) => g.every((w) => url.includes(w.toLowerCase()))))
  )
}

describe('every filter combination agrees with a plain reference filter', () => {
  it('on 400 random entries, paging 7 at a time', async () => {
    const r = rng(42)
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!
    const t = makeEngine()
    const methods = ['GET', 'POST', 'PATCH', 'DELETE'] as const
    const urls = [
      '/api/projects/',
      '/api/projects/1/import',
      '/api/tasks/5',
      '/api/current-user/whoami',
    ]
    for (let i = 0; i < 400; i++) {
      if (r() < 0.1) {
        t.clock.set(T0 + Math.floor(r() * 500) * MIN)
        t.engine.activity.admin(t.owner, { action: 'x.y', targetUserId: pick([101, 102, 103]) })
      } else {
        const project = pick([null, 1, 2, 3])
        api(t, {
          // Times repeat and go backwards now and then: order is (ts, id), not insertion.
          ts: T0 + Math.floor(r() * 500) * MIN,
          actor_id: pick([101, 102, 103]),
          token_id: pick([11, 12, 13]),
          method: pick(methods),
          url: pick(urls),
          status: pick([200, 201, 302, 400, 404, 500]),
          project_id: project,
          workspace_id: project === null ? null : project === 3 ? 2 : 1,
        })
      }
    }
    const all = (await t.value('activity:list', { limit: 500 })).entries
    expect(all).toHaveLength(401)
    const byTime = [...all].sort((a, b) => b.ts - a.ts || b.id - a.id)
    expect(all.map((e) => e.id)).toEqual(byTime.map((e) => e.id))
    const dims: (() => ActivityFilter)[] = [
      () => ({ userId: pick([101, 102, 103]) }),
      () => ({ actorId: pick([101, 102]) }),
      () => ({ tokenId: pick([11, 12, 13]) }),
      () => ({ projectId: pick([1, 2, 3]) }),
      () => ({ workspaceId: pick([1, 2]) }),
      () => ({ method: pick(methods) }),
      () => ({ statusClass: pick([2, 3, 4, 5] as const) }),
      () => ({ kind: pick(['api', 'admin'] as const) }),
      () => ({ from: T0 + Math.floor(r() * 250) * MIN }),
      () => ({ to: T0 + Math.floor(250 + r() * 250) * MIN }),
      () => ({
        search: pick([
          'import',
          'projects AND import',
          'tasks OR whoami',
          'api AND projects OR tasks',
        ]),
      }),
    ]
    for (let round = 0; round < 150; round++) {
      const filter: ActivityFilter = Object.assign(
        {},
        ...dims.filter(() => r() < 0.3).map((d) => d()),
      )
      const expected = all.filter((e) => matches(e, filter)).map((e) => e.id)
      const got: number[] = []
      let cursor = null
      do {
        const page: Awaited<ReturnType<typeof t.value<'activity:list'>>> = await t.value(
          'activity:list',
          {
            filter,
            cursor,
            limit: 7,
          },
        )
        got.push(...page.entries.map((e) => e.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(got, JSON.stringify(filter)).toEqual(expected)
      const count = await t.value('activity:count', { filter })
      expect(count, JSON.stringify(filter)).toEqual({ count: expected.length, exact: true })
    }
  })
})
