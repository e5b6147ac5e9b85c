import { startChunkedJob, type JobChunk } from '../chunked-job'
import type { RollupStep } from './api-rollup'

export interface RollupHost {
  performance: { rollupStep(limit: number): RollupStep }
}

/** One chunk as the background job saw it (for logs and tests). */
export type RollupChunk = JobChunk<RollupStep>

export interface RollupScheduleOptions {
  /** How often to look for new entries once caught up (default one minute). */
  intervalMs?: number
  /** Time per chunk the chunk size adapts to (default 15 ms). */
  targetMs?: number
  /** Largest chunk in activity ids (default 4,000: about 40 ms on a slow, busy machine). */
  maxIds?: number
  log?: (message: string, error?: unknown) => void
  onChunk?: (chunk: RollupChunk) => void
  /** Called each time the roll-ups are up to date. */
  onIdle?: () => void
}

/**
 * Keeps the performance roll-ups up to date in the background: at start-up it catches up on
 * whatever the log holds (millions of entries after an upgrade), newest first, one short
 * transaction per chunk, yielding to the event loop (setImmediate) between chunks so the local
 * API and the admin UI keep answering; then it rolls up new entries every `intervalMs`. The
 * chunk size adapts so each chunk takes about `targetMs`. Returns the stop function; bootstrap
 * and `serve` call it on shutdown.
 */
export function startPerformanceRollup(
  engine: RollupHost,
  options: RollupScheduleOptions = {},
): () => void {
  const interval = options.intervalMs ?? 60_000
  return startChunkedJob({
    step: (limit) => engine.performance.rollupStep(limit),
    work: (r) => r.ids,
    failure: 'performance roll-up failed; retrying later',
    intervalMs: interval,
    retryMs: interval,
    targetMs: options.targetMs ?? 15,
    maxIds: options.maxIds ?? 4_000,
    log: options.log,
    onChunk: options.onChunk,
    onIdle: options.onIdle,
  })
}
