import { describe, expect, it } from 'vitest'
import type { ActivityFilter } from '../../../src/shared/contracts/activity.contract'
import { parseSearch } from '../../../src/main/engine/activity/search-expression'
import { T0 } from '../../support/engine'
import { HUMAN, MIN, SA1, SA2, api, fixture } from './fixture'

const at = (m: number) => T0 + m * MIN

async function ids(t: ReturnType<typeof fixture>, filter: ActivityFilter, limit = 100) {
  const page = await t.value('activity:list', { filter, limit })
  return page.entries.map((e) => e.id)
}

describe('activity query, each filter against the hand-checked fixture', () => {
  const t = fixture()
  const cases: [string, ActivityFilter, number[]][] = [
    ['no filter, newest first', {}, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]],
    [
      'per-account timeline (requests + admin actions done to it)',
      { userId: SA1 },
      [8, 6, 5, 3, 2],
    ],
    ['per-account timeline of another account', { userId: SA2 }, [10, 9, 7]],
    ['actor only', { actorId: SA1 }, [8, 5, 3, 2]],
    ['token', { tokenId: 12 }, [9, 7]],
    ['project', { projectId: 3 }, [8, 5, 3]],
    ['workspace', { workspaceId: 2 }, [9, 7]],
    ['method', { method: 'POST' }, [9, 3]],
    ['status 2xx', { statusClass: 2 }, [9, 4, 3, 2]],
    ['status 3xx', { statusClass: 3 }, [8]],
    ['status 4xx', { statusClass: 4 }, [11, 5]],
    ['status 5xx', { statusClass: 5 }, [7]],
    ['kind admin', { kind: 'admin' }, [10, 6, 1]],
    ['kind api', { kind: 'api' }, [11, 9, 8, 7, 5, 4, 3, 2]],
    ['date-time range, inclusive', { from: at(3), to: at(7) }, [8, 7, 6, 5, 4]],
    ['from only', { from: at(9) }, [11, 10]],
    ['keyword', { search: 'import' }, [9, 8, 3]],
    ['keyword is case-insensitive', { search: 'IMPORT' }, [9, 8, 3]],
    ['AND binds tighter than OR', { search: 'projects AND import OR whoami' }, [9, 8, 4, 3]],
    ['words side by side mean AND', { search: 'import page' }, [8]],
    ['OR of two words', { search: 'whoami OR tasks' }, [5, 4]],
    ['LIKE wildcards are literal', { search: '100%' }, [11]],
    ['underscore is literal', { search: '_' }, [11]],
    ['unicode', { search: 'Ünïcødé' }, [11]],
    ['quoted phrase', { search: '"a,b "' }, [7]],
    ['quoted operator word is a term', { search: '"AND"' }, []],
    ['user + method', { userId: SA1, method: 'POST' }, [3]],
    ['user + kind admin', { userId: SA1, kind: 'admin' }, [6]],
    ['project + status class', { projectId: 3, statusClass: 2 }, [3]],
    ['workspace + keyword + from', { workspaceId: 1, search: 'import', from: at(5) }, [8]],
    ['user + status class', { userId: SA2, statusClass: 5 }, [7]],
    ['token + method', { tokenId: 12, method: 'PATCH' }, [7]],
    ['user + range', { userId: HUMAN, from: at(4), to: at(11) }, [11]],
    ['nothing matches', { projectId: 3, method: 'PATCH' }, []],
  ]
  for (const [name, filter, expected] of cases) {
    it(name, async () => expect(await ids(t, filter)).toEqual(expected))
  }

  it('counts matches exactly below the cap and says "more than" above it', async () => {
    expect(await t.value('activity:count', { filter: { userId: SA1 } })).toEqual({
      count: 5,
      exact: true,
    })
    expect(t.engine.activityLog.count(t.owner, {}, 4)).toEqual({
      count: 4,
      exact: false,
    })
    expect(t.engine.activityLog.count(t.owner, { search: 'import' }, 3)).toEqual({
      count: 3,
      exact: true,
    })
  })

  it('tails entries appended after an id, with the same filter', async () => {
    const tail = await t.value('activity:tail', { filter: { userId: SA2 }, afterId: 8 })
    expect(tail.entries.map((e) => e.id)).toEqual([10, 9])
    expect(tail).toMatchObject({ truncated: false, lastId: 11 })
  })

  it('shows one entry in full, and not another organization’s', async () => {
    const e = await t.value('activity:get', { id: t.ids.patch! })
    expect(e).toMatchObject({
      method: 'PATCH',
      status: 500,
      actorEmail: 'sa2@service.local',
      projectId: 4,
    })
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/)
    expect((await t.call('activity:get', { id: 999 })).ok).toBe(false)
  })

  it('refuses a malformed filter at the bridge', async () => {
    const r = await t.call('activity:list', { filter: { statusClass: 7 } as never })
    expect(r.ok).toBe(false)
  })
})

describe('search expression', () => {
  it('parses AND before OR, drops dangling operators and caps the terms', () => {
    expect(parseSearch('projects AND import OR whoami')).toEqual([
      ['projects', 'import'],
      ['whoami'],
    ])
    expect(parseSearch('OR a AND OR AND b OR')).toEqual([['a'], ['b']])
    expect(parseSearch('"AND" or')).toEqual([['AND', 'or']])
    expect(
      parseSearch(Array.from({ length: 40 }, (_, i) => `t${i}`).join(' ')).flat(),
    ).toHaveLength(16)
    expect(parseSearch('   ')).toEqual([])
  })
})

describe('keyset paging', () => {
  it('never skips or repeats an entry while new entries arrive, also for the per-account view', async () => {
    for (const filter of [{}, { userId: SA1 }, { statusClass: 2 as const }]) {
      const t = fixture()
      const before = await ids(t, filter, 500)
      const seen: number[] = []
      let cursor = null
      let minute = 20
      do {
        const page: Awaited<ReturnType<typeof t.value<'activity:list'>>> = await t.value(
          'activity:list',
          {
            filter,
            cursor,
            limit: 2,
          },
        )
        seen.push(...page.entries.map((e) => e.id))
        cursor = page.nextCursor
        // New traffic, some of it matching, lands between page loads.
        api(t, { ts: at(minute++) })
        t.clock.set(at(minute++))
        t.engine.activity.admin(t.owner, { action: 'service_account.update', targetUserId: SA1 })
      } while (cursor)
      expect(seen).toEqual(before)
    }
  })

  it('orders entries with equal times by id and pages through them', async () => {
    const t = fixture()
    for (let i = 0; i < 7; i++) api(t, { ts: at(30) })
    const all = await ids(t, { from: at(30) }, 100)
    const paged: number[] = []
    let cursor = null
    do {
      const page: Awaited<ReturnType<typeof t.value<'activity:list'>>> = await t.value(
        'activity:list',
        {
          filter: { from: at(30) },
          cursor,
          limit: 3,
        },
      )
      paged.push(...page.entries.map((e) => e.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(paged).toEqual(all)
    expect(all).toEqual([18, 17, 16, 15, 14, 13, 12])
  })
})
