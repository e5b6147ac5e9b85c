import type { Db } from '../../db/open'
import type { IndexedSearch } from './query-sql'
import { ftsQuery, parseSearch, type TrigramPick } from './search-expression'

/**
 * With fewer index candidates than this, a search reads the candidates (rowid lookups, then a
 * sort); with more, the word is common enough that walking the usual (ts, id) index range
 * with LIKE fills a page after a short stretch, so that is the faster plan.
 */
export const CANDIDATE_CAP = 20_000
/**
 * Beyond this many entries above the high-water mark (the index is still catching up after an
 * upgrade), the unindexed range costs as much as LIKE over the log would: use LIKE.
 */
export const MAX_UNINDEXED = 50_000

/**
 * The longest trigram list a search reads (about 25 ms per million ids). A word whose every
 * trigram is commoner than this is left to the LIKE re-check.
 */
export const MAX_LIST = 1_000_000
/** Trigrams of a common word whose lists are counted (evenly spaced), to bound first-use cost. */
const SAMPLED = 3

/**
 * What one forgotten (purged) entry costs against a chunk's limit, in indexed entries: FTS5
 * counts each contentless delete as a leaf page written and does its share of segment merging
 * (several pages) in the same transaction, so forgetting goes in small bites.
 */
export const FORGET_COST = 32

export interface SearchIndexStep {
  /** Entries read in this chunk (indexed, or skipped for having no URL). */
  ids: number
  /** Purged entries removed from the index in this chunk. */
  forgotten: number
  /** The high-water mark after the chunk: every entry with id ≤ it is in the index. */
  indexedTo: number
  /** More entries wait above the mark. */
  pending: boolean
}

/**
 * The URL search index (migration "activity-search"): filled in chunks by the background job
 * (search-indexer.ts), which also forgets what retention purged, and consulted by queries.
 */
export function searchIndex(db: Db) {
  const mark = db.prepare<[], number>('SELECT indexed_to FROM activity_search_state WHERE id = 1')
  mark.pluck()
  const state = db.prepare<[], { indexedTo: number; forgottenTo: number; purgedTo: number | null }>(
    `SELECT indexed_to AS indexedTo, forgotten_to AS forgottenTo,
       (SELECT last_id FROM activity_checkpoints WHERE id = 1) AS purgedTo
     FROM activity_search_state WHERE id = 1`,
  )
  const setMark = db.prepare<[number]>(
    'UPDATE activity_search_state SET indexed_to = ? WHERE id = 1',
  )
  const setForgotten = db.prepare<[number]>(
    'UPDATE activity_search_state SET forgotten_to = ? WHERE id = 1',
  )
  const after = db.prepare<{ after: number; limit: number }, [number, string | null]>(
    'SELECT id, url FROM activity_entries WHERE id > @after ORDER BY id LIMIT @limit',
  )
  after.raw(true)
  const insert = db.prepare<[number, string]>(
    'INSERT INTO activity_url_fts (rowid, url) VALUES (?, ?)',
  )
  // By id, one at a time: a rowid range on a contentless table scans the whole index (hundreds
  // of ms), while a point delete is a lookup and a tombstone.
  const forget = db.prepare<[number]>('DELETE FROM activity_url_fts WHERE rowid = ?')
  const trigramDocs = db.prepare<{ t: string; cap: number }, number>(
    `SELECT count(*) FROM (SELECT 1 FROM activity_url_fts WHERE activity_url_fts MATCH @t LIMIT @cap)`,
  )
  trigramDocs.pluck()
  const newest = db.prepare<[], number | null>('SELECT max(id) FROM activity_entries')
  newest.pluck()
  const candidates = db.prepare<{ fts: string; hwm: number; cap: number }, number>(
    `SELECT count(*) FROM (SELECT 1 FROM activity_url_fts
       WHERE activity_url_fts MATCH @fts AND rowid <= @hwm LIMIT @cap)`,
  )
  candidates.pluck()

  // Purged entries first (their index rows only cost space and candidates), then new ones.
  // A deletion costs many insertions (lookup, tombstone, merge work): FORGET_COST.
  const chunk = db.transaction((limit: number): SearchIndexStep => {
    const s = state.get()!
    const purgedTo = Math.min(s.purgedTo ?? 0, s.indexedTo)
    if (purgedTo > s.forgottenTo) {
      const to = Math.min(purgedTo, s.forgottenTo + Math.max(1, Math.floor(limit / FORGET_COST)))
      for (let id = s.forgottenTo + 1; id <= to; id++) forget.run(id)
      setForgotten.run(to)
      return { ids: 0, forgotten: to - s.forgottenTo, indexedTo: s.indexedTo, pending: true }
    }
    const rows = after.all({ after: s.indexedTo, limit })
    for (const [id, url] of rows) if (url !== null) insert.run(id, url)
    const indexedTo = rows.length ? rows[rows.length - 1]![0] : s.indexedTo
    if (indexedTo !== s.indexedTo) setMark.run(indexedTo)
    // Entries purged before they were indexed never reached the index: nothing to forget.
    if (s.indexedTo < (s.purgedTo ?? 0)) setForgotten.run(s.purgedTo!)
    return { ids: rows.length, forgotten: 0, indexedTo, pending: rows.length === limit }
  })

  // How many entries hold a trigram, counted up to a cap and remembered (until the index grows
  // by a tenth): choosing trigrams by it is what keeps a rare word's query off the long lists.
  const counts = new Map<string, { n: number; cap: number }>()
  let countsAt = 0
  const docs = (t: string, cap: number): number => {
    const c = counts.get(t)
    if (c && (c.n < c.cap || c.cap >= cap)) return Math.min(c.n, cap)
    if (counts.size > 10_000) counts.clear()
    const n = trigramDocs.get({ t: `"${t.replace(/"/g, '""')}"`, cap }) ?? 0
    counts.set(t, { n, cap })
    return n
  }
  const rarest = (trigrams: string[], cap: number, take: number) =>
    trigrams
      .map((t) => ({ t, n: docs(t, cap) }))
      .filter((x) => x.n < cap)
      .sort((a, b) => a.n - b.n)
      .slice(0, take)
      .map((x) => x.t)
  const sample = (trigrams: string[]) =>
    trigrams.length <= SAMPLED
      ? trigrams
      : Array.from(
          { length: SAMPLED },
          (_, i) => trigrams[Math.round((i * (trigrams.length - 1)) / (SAMPLED - 1))]!,
        )
  /**
   * FTS5 ANDs lists by reading them, so a query over every trigram of `tasks/4242/` reads the
   * million-long lists of `tas`, `ask`, `sks`. Rather: each word's two rarest trigrams when
   * some word of the group has one under the candidate cap (those short lists bound the
   * candidates; the other words are left to the re-check). A group of common words (every
   * trigram over the cap) takes each word's rarest of a few sampled trigrams under MAX_LIST,
   * so that two common words that never meet are still found absent quickly; a single common
   * word is left to LIKE, which finds its matches quickly.
   */
  const pick =
    (cap: number): TrigramPick =>
    (words) => {
      const rare = words.flatMap((w) => rarest(w, cap, 2))
      if (rare.length) return [...new Set(rare)]
      if (words.filter((w) => w.length).length < 2) return []
      return [...new Set(words.flatMap((w) => rarest(sample(w), MAX_LIST, 1)))]
    }

  return {
    /**
     * One chunk of background work in one IMMEDIATE transaction: forgets up to
     * `limit / FORGET_COST` purged entries, or else indexes up to `limit` entries above the mark.
     */
    step: (limit: number): SearchIndexStep => chunk.immediate(limit),
    indexedTo: (): number => mark.get() ?? 0,
    /**
     * How a search should run: through the index (a plan for query-sql.ts) when it narrows the
     * log to few candidates, otherwise undefined (LIKE, as for every other filter). Both give
     * the same entries; this only picks the faster.
     */
    plan(search: string | undefined, cap = CANDIDATE_CAP): IndexedSearch | undefined {
      const hwm = mark.get() ?? 0
      if ((newest.get() ?? 0) - hwm > MAX_UNINDEXED) return undefined
      if (hwm > countsAt * 1.1 + 1000) {
        counts.clear()
        countsAt = hwm
      }
      const match = ftsQuery(parseSearch(search), pick(cap))
      if (!match) return undefined
      const n = candidates.get({ fts: match, hwm, cap }) ?? 0
      return n < cap ? { match, hwm } : undefined
    },
  }
}
export type SearchIndex = ReturnType<typeof searchIndex>
