import type { RollupStep } from './api-rollup'

export interface RollupHost {
  performance: { rollupStep(limit: number): RollupStep }
}

/** One chunk as the background job saw it (for logs and tests). */
export interface RollupChunk extends RollupStep {
  /** Activity ids the chunk was allowed. */
  limit: number
  /** Wall time of the chunk's transaction, ms. */
  ms: number
  /** CPU time of this process during the chunk, ms (honest on a machine shared with others). */
  cpuMs: number
}

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

const MIN_IDS = 100

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
  const log = options.log ?? ((m, e) => console.error(m, e ?? ''))
  const target = options.targetMs ?? 15
  const maxIds = options.maxIds ?? 4_000
  // Start small: the first chunk's cost is unknown (disk, load, endpoint mix).
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
    let r: RollupStep
    const started = performance.now()
    const cpu = process.cpuUsage()
    try {
      r = engine.performance.rollupStep(limit)
    } catch (err) {
      log('performance roll-up failed; retrying later', err)
      later(options.intervalMs ?? 60_000)
      return
    }
    const ms = performance.now() - started
    const used = process.cpuUsage(cpu)
    options.onChunk?.({ ...r, limit, ms, cpuMs: (used.user + used.system) / 1000 })
    // Adapt on chunks that did real work; an idle check says nothing about the cost per id.
    if (r.ids >= limit / 2) {
      if (ms > target) limit = Math.max(MIN_IDS, Math.floor(limit / 2))
      else if (ms < target / 2) limit = Math.min(maxIds, limit * 2)
    }
    if (r.pending) {
      // Not unref'd: with only unref'd immediates pending, the event loop blocks in its poll
      // phase until the next timer, and each chunk would wait that long.
      immediate = setImmediate(tick)
    } else {
      options.onIdle?.()
      later(options.intervalMs ?? 60_000)
    }
  }

  later(0)
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    if (immediate) clearImmediate(immediate)
  }
}
