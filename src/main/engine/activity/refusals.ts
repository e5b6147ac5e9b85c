import type { ActivityInsert } from '../../db/repos/activity.repo'

/** Why a request was refused before anyone was authenticated (or before it was served). */
export type RefusalReason = 'unauthenticated' | 'throttled' | 'host' | 'origin' | 'network'

/** The action of a summary entry: "N more refusals like this one, this minute". */
export const SUMMARY_ACTION = 'refusal.summary'

/** Entries written one by one per key and minute before the rest are only counted. */
export const INDIVIDUAL_PER_KEY = 10
/** Distinct keys one source address may open per minute; further ones share one key. */
export const KEYS_PER_SOURCE = 8
/** Distinct source addresses tracked per minute; further ones share one key. */
export const SOURCES_PER_MINUTE = 256
const UA_SAMPLE = 5
const MINUTE_MS = 60_000

/** One refused request, as the API reports it. `entry` builds its full entry, only if needed. */
export interface Refusal {
  organizationId: number
  ts: number
  ip: string
  /** A short hash prefix of the credential presented, or 'none'. */
  fingerprint: string
  status: number
  method: string
  /** The route pattern (or the path, when no route matched): never the raw URL. */
  route: string
  reason: RefusalReason
  userAgent: string | null
  actorId: number | null
  actorEmail: string | null
  tokenId: number | null
  entry: (ts: number) => ActivityInsert
}

/** A refusal as the API reports it; the recorder adds the time. */
export type RefusalInput = Omit<Refusal, 'ts'>

/** What a summary entry's `details.summary` holds. */
export interface RefusalSummary {
  count: number
  first: number
  last: number
  fingerprint: string
  route: string
  reason: RefusalReason
  user_agents: string[]
  /** How many requests of the same key were recorded one by one before this summary. */
  individually: number
}

type Fold = 'none' | 'source' | 'all'

interface Bucket {
  minute: number
  fold: Fold
  individual: number
  /** The first counted refusal, without its entry builder (which holds the request). */
  first: Omit<Refusal, 'entry'> | null
  count: number
  firstTs: number
  lastTs: number
  userAgents: string[]
}

export interface SummarizerOptions {
  /** Appends the summaries in one transaction (bypasses the size budget: they are bounded). */
  write: (entries: ActivityInsert[]) => void
  now: () => number
  onError?: (err: unknown) => void
}

/**
 * Counts refusals per key (organization, source address, credential fingerprint, status,
 * method and route) and minute: the first few of each key are written one by one, the rest only
 * counted in memory and written as one summary entry when the minute is over (a timer), when
 * the key's next minute starts, or on `flush(true)` at shutdown. Keys are capped per source and
 * per minute, so neither memory nor the log can grow faster than a fixed rate whatever an
 * unauthenticated client varies.
 */
export function refusalSummarizer(opts: SummarizerOptions) {
  const buckets = new Map<string, Bucket>()
  const keysBySource = new Map<string, number>()
  let sourcesMinute = -1
  let timer: ReturnType<typeof setTimeout> | null = null

  function keyOf(r: Refusal, minute: number): { key: string; fold: Fold } {
    if (minute !== sourcesMinute) {
      keysBySource.clear()
      sourcesMinute = minute
    }
    const key = `${r.organizationId}|${r.ip}|${r.fingerprint}|${r.status}|${r.method} ${r.route}`
    if (buckets.has(key)) return { key, fold: 'none' }
    const opened = keysBySource.get(r.ip)
    if (opened === undefined && keysBySource.size >= SOURCES_PER_MINUTE) {
      return { key: `${r.organizationId}|*|*|${r.status}|*`, fold: 'all' }
    }
    if ((opened ?? 0) >= KEYS_PER_SOURCE) {
      return { key: `${r.organizationId}|${r.ip}|*|${r.status}|*`, fold: 'source' }
    }
    keysBySource.set(r.ip, (opened ?? 0) + 1)
    return { key, fold: 'none' }
  }

  function summaryOf(b: Bucket): ActivityInsert {
    const r = b.first!
    const folded = b.fold !== 'none'
    const summary: RefusalSummary = {
      count: b.count,
      first: b.firstTs,
      last: b.lastTs,
      fingerprint: folded ? 'various' : r.fingerprint,
      route: folded ? '*' : `${r.method} ${r.route}`,
      reason: r.reason,
      user_agents: b.userAgents,
      individually: b.individual,
    }
    return {
      organization_id: r.organizationId,
      ts: b.lastTs,
      kind: 'api',
      actor_id: folded ? null : r.actorId,
      actor_email: folded ? null : r.actorEmail,
      token_id: folded ? null : r.tokenId,
      ip: b.fold === 'all' ? null : r.ip,
      user_agent: b.userAgents[0] ?? null,
      method: folded ? null : r.method,
      url: folded ? null : r.route,
      status: r.status,
      duration_ms: null,
      project_id: null,
      workspace_id: null,
      action: SUMMARY_ACTION,
      target_user_id: null,
      details: JSON.stringify({ summary }),
    }
  }

  /** Writes the summaries of every minute that has ended (all of them with `all`). */
  function flush(all = false): number {
    const current = Math.floor(opts.now() / MINUTE_MS)
    const out: ActivityInsert[] = []
    const done: string[] = []
    for (const [key, b] of buckets) {
      if (!all && b.minute >= current) continue
      if (b.count > 0) out.push(summaryOf(b))
      done.push(key)
    }
    if (out.length) {
      try {
        opts.write(out.sort((a, b) => a.ts - b.ts))
      } catch (err) {
        // Kept for the next attempt: a summary is the only trace of those requests.
        opts.onError?.(err)
        schedule(1000)
        return 0
      }
    }
    for (const key of done) buckets.delete(key)
    if (buckets.size > 0) schedule()
    return out.length
  }

  function schedule(delay?: number) {
    if (timer) return
    const now = opts.now()
    const wait = delay ?? MINUTE_MS - (now % MINUTE_MS) + 20
    timer = setTimeout(() => {
      timer = null
      flush()
    }, wait)
    timer.unref?.()
  }

  return {
    /**
     * Notes one refusal. Returns its entry when it is to be written one by one (the caller
     * writes it as any entry, durable before the answer), or null when it was only counted.
     * With `countOnly` (the log is over its size budget) nothing is written one by one.
     */
    note(r: Refusal, countOnly = false): ActivityInsert | null {
      const minute = Math.floor(r.ts / MINUTE_MS)
      const { key, fold } = keyOf(r, minute)
      let b = buckets.get(key)
      if (b && b.minute !== minute) {
        // The key's previous minute is over: its summary goes first, in time order.
        if (b.count > 0) {
          try {
            opts.write([summaryOf(b)])
          } catch (err) {
            opts.onError?.(err)
          }
        }
        b = undefined
      }
      if (!b) {
        b = {
          minute,
          fold,
          individual: 0,
          first: null,
          count: 0,
          firstTs: 0,
          lastTs: 0,
          userAgents: [],
        }
        buckets.set(key, b)
        schedule()
      }
      if (b.fold === 'none' && !countOnly && b.individual < INDIVIDUAL_PER_KEY) {
        b.individual++
        return r.entry(r.ts)
      }
      if (b.count === 0) {
        const { entry, ...rest } = r
        void entry
        b.first = rest
        b.firstTs = r.ts
      }
      b.count++
      b.lastTs = r.ts
      const ua = r.userAgent ?? ''
      if (b.userAgents.length < UA_SAMPLE && !b.userAgents.includes(ua)) b.userAgents.push(ua)
      return null
    },
    flush,
    /** Refusals counted and not yet written. */
    pending(): number {
      let n = 0
      for (const b of buckets.values()) n += b.count
      return n
    },
    /** Writes everything counted so far and stops the timer (shutdown). */
    close(): void {
      if (timer) clearTimeout(timer)
      timer = null
      flush(true)
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
export type RefusalSummarizer = ReturnType<typeof refusalSummarizer>
