import { FORGET_COST, type SearchIndexStep } from './search-index'

export interface SearchIndexHost {
  activityLog: { indexSearchStep(limit: number): SearchIndexStep }
}

/** One chunk as the background job saw it (for logs, tests and the benchmark). */
export interface SearchIndexChunk extends SearchIndexStep {
  /** Entries the chunk was allowed. */
  limit: number
  /** Wall time of the chunk's transaction, ms. */
  ms: number
}

export interface SearchIndexerOptions {
  /** How often to look for new entries once caught up (default one second). */
  intervalMs?: number
  /** Time per chunk the chunk size adapts to (default 10 ms; every chunk stays well under 50). */
  targetMs?: number
  /** Largest chunk in entries (default 4,000). */
  maxIds?: number
  log?: (message: string, error?: unknown) => void
  onChunk?: (chunk: SearchIndexChunk) => void
  /** Called each time the index has caught up with the log. */
  onIdle?: () => void
}

const MIN_IDS = 100

/**
 * Keeps the URL search index up with the activity log in the background: at start-up it
 * indexes whatever the log holds above the high-water mark (the whole log after an upgrade),
 * and forgets entries retention purged, one short transaction per chunk, yielding to the event loop (setImmediate) between chunks so
 * the API and the UI keep answering; then it indexes new entries every `intervalMs`. Queries
 * read the few entries above the mark with LIKE, so the index never needs to be current.
 * Recording a request does no index work at all. Returns the stop function; bootstrap and
 * `serve` call it on shutdown.
 */
export function startSearchIndexer(
  engine: SearchIndexHost,
  options: SearchIndexerOptions = {},
): () => void {
  const log = options.log ?? ((m, e) => console.error(m, e ?? ''))
  const target = options.targetMs ?? 10
  const maxIds = options.maxIds ?? 4_000
  const interval = options.intervalMs ?? 1_000
  // Start small: the first chunk's cost is unknown (disk, load, URL lengths).
  let limit = Math.min(500, maxIds)
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let immediate: ReturnType<typeof setImmediate> | undefined

  const later = (ms: number) => {
    timer = setTimeout(tick, ms)
    // The job should never keep a CLI process alive.
    timer.unref?.()
  }
  function tick() {
    timer = immediate = undefined
    if (stopped) return
    let r: SearchIndexStep
    const started = performance.now()
    try {
      r = engine.activityLog.indexSearchStep(limit)
    } catch (err) {
      log('activity search indexing failed; retrying later', err)
      later(Math.max(interval, 10_000))
      return
    }
    const ms = performance.now() - started
    options.onChunk?.({ ...r, limit, ms })
    // Adapt on chunks that did real work; an idle check says nothing about the cost per entry.
    if (r.ids + r.forgotten * FORGET_COST >= limit / 2) {
      if (ms > target) limit = Math.max(MIN_IDS, Math.floor(limit / 2))
      else if (ms < target / 2) limit = Math.min(maxIds, limit * 2)
    }
    if (r.pending) {
      // Not unref'd: with only unref'd immediates pending, the event loop blocks in its poll
      // phase until the next timer, and each chunk would wait that long.
      immediate = setImmediate(tick)
    } else {
      options.onIdle?.()
      later(interval)
    }
  }

  later(0)
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    if (immediate) clearImmediate(immediate)
  }
}
