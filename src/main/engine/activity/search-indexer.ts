import { startChunkedJob, type JobChunk } from '../chunked-job'
import { FORGET_COST, type SearchIndexStep } from './search-index'

export interface SearchIndexHost {
  activityLog: { indexSearchStep(limit: number): SearchIndexStep }
}

/** One chunk as the background job saw it (for logs, tests and the benchmark). */
export type SearchIndexChunk = JobChunk<SearchIndexStep>

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
  const interval = options.intervalMs ?? 1_000
  return startChunkedJob({
    step: (limit) => engine.activityLog.indexSearchStep(limit),
    // Forgetting a purged entry costs FTS5 more than indexing one.
    work: (r) => r.ids + r.forgotten * FORGET_COST,
    failure: 'activity search indexing failed; retrying later',
    intervalMs: interval,
    retryMs: Math.max(interval, 10_000),
    targetMs: options.targetMs ?? 10,
    maxIds: options.maxIds ?? 4_000,
    log: options.log,
    onChunk: options.onChunk,
    onIdle: options.onIdle,
  })
}
