import { describe, expect, it } from 'vitest'
import { activityQueries } from '../../../src/main/engine/activity/activity-query'
import {
  countSql,
  pageSql,
  type ActivityFilter,
  type Cursor,
} from '../../../src/main/engine/activity/query-sql'
import { ftsQuery, parseSearch } from '../../../src/main/engine/activity/search-expression'
import { searchIndex } from '../../../src/main/engine/activity/search-index'
import {
  startSearchIndexer,
  type SearchIndexChunk,
} from '../../../src/main/engine/activity/search-indexer'
import { DAY_MS } from '../../../src/main/engine/deps'
import { T0, makeEngine, type TestEngine } from '../../support/engine'
import { MIN, api } from './fixture'

/** A tiny deterministic PRNG so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
}

// Pieces that stress the LIKE semantics the index must reproduce: ASCII case, LIKE's own
// wildcards and escape character as literals, quotes, spaces, the words AND/OR, and non-ASCII
// letters whose case LIKE does not fold (but the trigram tokenizer does).
const PIECES = [
  '/api/projects/',
  '/api/Projects/',
  '/api/tasks/',
  'import',
  'IMPORT',
  '?page=',
  '%',
  '_',
  '\\',
  '"',
  ' ',
  'AND',
  'or',
  'Ünï',
  'ünï',
  'ß',
  'İ',
  'ı',
  '\u212a', // KELVIN SIGN, folds to 'k' in Unicode but never in LIKE
  'k',
  '😀',
  'abc',
  'ABC',
]

function world(seed: number, entries: number) {
  const r = rng(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!
  const t = makeEngine()
  const urls: string[] = []
  for (let i = 0; i < entries; i++) {
    const ts = T0 + i * MIN + Math.floor(r() * 5 - 2) * MIN
    if (r() < 0.05) {
      t.clock.set(ts)
      t.engine.activity.admin(t.owner, { action: 'x.y', targetUserId: pick([101, 102]) })
      continue
    }
    let url = ''
    const n = 1 + Math.floor(r() * 5)
    for (let k = 0; k < n; k++) url += pick(PIECES)
    url += String(Math.floor(r() * 1000))
    urls.push(url)
    api(t, {
      ts,
      actor_id: pick([101, 102, 103]),
      method: pick(['GET', 'POST', 'DELETE']),
      status: pick([200, 404, 500]),
      url,
    })
  }
  return { t, r, pick, urls }
}

/** A search text: words cut from stored URLs (so they hit), case-flipped, or made up. */
function randomSearch(r: () => number, urls: string[]): string {
  const word = () => {
    const x = r()
    if (x < 0.1) return `zq${Math.floor(r() * 100)}x` // absent
    const url = urls[Math.floor(r() * urls.length)]!
    const chars = [...url]
    const len = x < 0.3 ? 1 + Math.floor(r() * 2) : 3 + Math.floor(r() * 6)
    const at = Math.floor(r() * Math.max(1, chars.length - len))
    let w = chars.slice(at, at + len).join('')
    if (r() < 0.3) w = w.toUpperCase()
    // A word with a space, a quote or nothing must travel quoted; an inner quote cannot.
    w = w.replace(/"/g, '')
    return !w.trim() || /\s/.test(w) || w === 'AND' || w === 'OR' ? `"${w}"` : w
  }
  const parts: string[] = [word()]
  const more = Math.floor(r() * 4)
  for (let i = 0; i < more; i++) parts.push(r() < 0.4 ? 'OR' : r() < 0.5 ? 'AND' : '', word())
  return parts.filter(Boolean).join(' ')
}

/** Every id of the filtered set, paging `limit` at a time. */
function allPages(q: ReturnType<typeof activityQueries>, orgId: number, f: ActivityFilter) {
  const ids: number[] = []
  let cursor: Cursor | null = null
  do {
    const page = q.page(orgId, f, cursor, 7)
    ids.push(...page.rows.map((e) => e.id))
    cursor = page.nextCursor
  } while (cursor)
  return ids
}

function crossCheck(t: TestEngine, r: () => number, urls: string[], rounds: number) {
  const org = t.owner.organizationId
  const indexed = activityQueries(t.db)
  const like = activityQueries(t.db, { candidateCap: 0 })
  // A small cap: common words go to LIKE, rare ones to the index, as at scale.
  const mixed = activityQueries(t.db, { candidateCap: 30 })
  const plans = searchIndex(t.db)
  let viaIndex = 0
  for (let i = 0; i < rounds; i++) {
    const f: ActivityFilter = { search: randomSearch(r, urls) }
    if (r() < 0.3) f.userId = [101, 102, 103][Math.floor(r() * 3)]
    if (r() < 0.2) f.method = 'POST'
    if (r() < 0.2) f.statusClass = 5
    if (r() < 0.2) f.from = T0 + Math.floor(r() * 3000) * MIN
    const why = JSON.stringify(f)
    if (plans.plan(f.search)) viaIndex++
    const expected = allPages(like, org, f)
    expect(allPages(indexed, org, f), why).toEqual(expected)
    expect(indexed.count(org, f, 10_000), why).toEqual(like.count(org, f, 10_000))
    expect(
      mixed.page(org, f, null, 7).rows.map((e) => e.id),
      why,
    ).toEqual(expected.slice(0, 7))
    expect(
      indexed.offsetPage(org, f, 3, 5).map((e) => e.id),
      why,
    ).toEqual(expected.slice(3, 8))
  }
  return viaIndex
}

describe('URL search through the trigram index', () => {
  it('finds exactly what LIKE finds: indexed part, unindexed tail, after a purge', async () => {
    const { t, r, urls } = world(7, 2000)
    const index = searchIndex(t.db)
    // Index about two thirds; the rest is the tail queries read with LIKE.
    while (index.indexedTo() < 1400) index.step(200)
    expect(index.indexedTo()).toBe(1400)
    expect(crossCheck(t, r, urls, 120)).toBeGreaterThan(50)

    // Retention: everything older than T0 + 600 min goes, from the index too.
    t.clock.set(T0 + 180 * DAY_MS + 600 * MIN)
    const purged = await t.engine.activityLog.purgeExpired()
    expect(purged.deleted).toBeGreaterThan(500)
    const checkpoint = (
      t.db.prepare('SELECT last_id FROM activity_checkpoints').get() as { last_id: number }
    ).last_id
    const stale = t.db.prepare('SELECT count(*) AS n FROM activity_url_fts WHERE rowid <= ?')
    expect((stale.get(checkpoint) as { n: number }).n).toBeGreaterThan(400)
    // Purged but not yet forgotten by the index: never found.
    crossCheck(t, r, urls, 60)
    // The background job forgets them first, in chunks, before indexing further.
    expect(index.step(400)).toMatchObject({ ids: 0, forgotten: 12, indexedTo: 1400 })
    while (index.indexedTo() === 1400) index.step(400)
    expect((stale.get(checkpoint) as { n: number }).n).toBe(0)
    crossCheck(t, r, urls, 60)

    // Caught up (no tail), then new entries make a fresh tail.
    while (index.step(1000).pending);
    crossCheck(t, r, urls, 40)
    for (let i = 0; i < 200; i++) {
      urls.push(`/api/new/${i}/${PIECES[i % PIECES.length]}`)
      api(t, { ts: T0 + (2000 + i) * MIN, url: urls[urls.length - 1]! })
    }
    crossCheck(t, r, urls, 60)
  })

  it('matches the plain reference: ASCII case folded, wildcards literal, AND before OR', () => {
    const { t } = world(11, 0)
    const url = (u: string) => api(t, { ts: T0 + MIN, url: u })
    const a = url('/api/Projects/1/IMPORT?q=100%_done')
    const b = url('/api/projects/2/export')
    const c = url('/x/ÜNÏ/\u212aelvin')
    while (searchIndex(t.db).step(100).pending);
    const q = activityQueries(t.db)
    const ids = (search: string) =>
      q.page(t.owner.organizationId, { search }, null, 50).rows.map((e) => e.id)
    expect(ids('projects')).toEqual([b, a])
    expect(ids('0%_d')).toEqual([a])
    expect(ids('00%d')).toEqual([])
    expect(ids('1_0')).toEqual([])
    expect(ids('import AND export OR xport')).toEqual([b])
    expect(ids('ünï')).toEqual([]) // LIKE does not fold Ü; the index re-check keeps that
    expect(ids('ÜNÏ')).toEqual([c])
    expect(ids('kelvin')).toEqual([])
  })

  it('builds index queries only when every OR-group has a word of 3+ characters', () => {
    expect(ftsQuery(parseSearch('abcd'))).toBe('("abc" AND "bcd")')
    expect(ftsQuery(parseSearch('ab AND x"yz OR abc'))).toBe('("abc") OR ("x""y" AND """yz")')
    expect(ftsQuery(parseSearch('abc OR ab'))).toBeNull()
    expect(ftsQuery(parseSearch('😀😀😀'))).toBe('("😀😀😀")')
    expect(ftsQuery(parseSearch(''))).toBeNull()
  })
})

describe('choosing trigrams', () => {
  it('reads the rarest lists of a rare word, and leaves a lone common word to LIKE', () => {
    const { t } = world(13, 0)
    for (let i = 0; i < 60; i++) api(t, { ts: T0 + i, url: `/api/tasks/${i}/annotations/` })
    api(t, { ts: T0 + 99, url: '/api/tasks/4242/annotations/' })
    api(t, { ts: T0 + 99, url: '/api/whoami' })
    const index = searchIndex(t.db)
    while (index.step(100).pending);
    // A cap of 10 candidates: `tas`, `ask`… are common, `424` and `242` are not.
    expect(index.plan('tasks/4242/', 10)?.match).toBe('("424" AND "242")')
    expect(index.plan('annotations', 10)).toBeUndefined()
    // Two common words that never meet: one list of each, and nothing in common.
    expect(index.plan('annotations AND whoami', 10)?.match).toMatch(/^\("\w{3}" AND "\w{3}"\)$/)
    expect(index.plan('zzz-absent', 10)?.match).toBe('("zzz" AND "zz-")')
  })
})

describe('the search index migration and retention', () => {
  it('reads index candidates by rowid and the unindexed range by rowid, never a whole index', () => {
    const db = makeEngine().db
    const index = { match: '"imp"', hwm: 5 }
    for (const sql of [
      pageSql(1, { search: 'import', userId: 3 }, { ts: 1, id: 2 }, 101, 0, index),
      pageSql(1, { search: 'import', projectId: 4, method: 'POST' }, null, 101, 0, index),
      countSql(1, { search: 'import', statusClass: 5 }, 10_001, index),
    ]) {
      const plan = (
        db.prepare(`EXPLAIN QUERY PLAN ${sql.text}`).all(sql.params) as {
          detail: string
        }[]
      ).map((r) => r.detail)
      expect(plan).toContain('SEARCH activity_entries USING INTEGER PRIMARY KEY (rowid=?)')
      expect(plan).toContain('SEARCH activity_entries USING INTEGER PRIMARY KEY (rowid>?)')
      expect(plan.some((d) => d.startsWith('SCAN activity_url_fts VIRTUAL TABLE'))).toBe(true)
      expect(plan.filter((d) => /activity_entries/.test(d))).toHaveLength(2)
    }
  })

  it('starts empty, with nothing indexed and nothing to forget', () => {
    const t = makeEngine()
    expect(t.db.prepare('SELECT * FROM activity_search_state').all()).toEqual([
      { id: 1, indexed_to: 0, forgotten_to: 0 },
    ])
    expect(t.db.prepare('SELECT count(*) AS n FROM activity_url_fts').get()).toEqual({
      n: 0,
    })
  })

  it('skips entries purged before they were indexed', async () => {
    const { t, r, urls } = world(5, 1200)
    const index = searchIndex(t.db)
    index.step(300)
    t.clock.set(T0 + 180 * DAY_MS + 900 * MIN)
    await t.engine.activityLog.purgeExpired()
    const checkpoint = (
      t.db.prepare('SELECT last_id FROM activity_checkpoints').get() as { last_id: number }
    ).last_id
    expect(checkpoint).toBeGreaterThan(800)
    while (index.step(200).pending);
    const state = t.db.prepare('SELECT * FROM activity_search_state').get() as {
      forgotten_to: number
    }
    expect(state.forgotten_to).toBe(checkpoint)
    expect(
      t.db.prepare('SELECT count(*) AS n FROM activity_url_fts WHERE rowid <= ?').get(checkpoint),
    ).toEqual({ n: 0 })
    crossCheck(t, r, urls, 40)
  })
})

describe('the background search indexer', () => {
  it('catches up in short chunks, then indexes new entries', async () => {
    const { t } = world(3, 1500)
    const chunks: SearchIndexChunk[] = []
    let idle!: () => void
    let caughtUp = new Promise<void>((resolve) => (idle = resolve))
    const stop = startSearchIndexer(t.engine, {
      maxIds: 200,
      intervalMs: 5,
      onChunk: (c) => chunks.push(c),
      onIdle: () => idle(),
    })
    await caughtUp
    const last = () =>
      (t.db.prepare('SELECT max(id) AS m FROM activity_entries').get() as { m: number }).m
    expect(searchIndex(t.db).indexedTo()).toBe(last())
    expect(Math.max(...chunks.map((c) => c.ids))).toBeLessThanOrEqual(200)
    expect(chunks.length).toBeGreaterThan(7)

    caughtUp = new Promise<void>((resolve) => (idle = resolve))
    api(t, { ts: T0, url: '/api/late/entry' })
    await caughtUp
    expect(searchIndex(t.db).indexedTo()).toBe(last())
    stop()
    expect(
      t.db
        .prepare('SELECT rowid FROM activity_url_fts WHERE activity_url_fts MATCH \'"lat"\'')
        .all(),
    ).toEqual([{ rowid: last() }])
  })
})
