/** One chunk as a background job saw it (for logs, tests and benchmarks). */
export type JobChunk<S> = S & {
  /** How much work the chunk was allowed (the unit is the job's own). */
  limit: number
  /** Wall time of the chunk, ms. */
  ms: number
  /** CPU time of this process during the chunk, ms (honest on a machine shared with others). */
  cpuMs: number
}

export interface ChunkedJobOptions<S extends { pending: boolean }> {
  /** Does one chunk of at most `limit` units in one short transaction. */
  step: (limit: number) => S
  /** The units a chunk actually used, for adapting its size (idle checks say nothing). */
  work: (s: S) => number
  /** What the log says when a chunk throws. */
  failure: string
  /** How often to look for new work once caught up. */
  intervalMs: number
  /** How long to wait after a failed chunk. */
  retryMs: number
  /** Time per chunk the chunk size adapts to. */
  targetMs: number
  /** Largest chunk. */
  maxIds: number
  log?: (message: string, error?: unknown) => void
  onChunk?: (chunk: JobChunk<S>) => void
  /** Called each time the job has caught up. */
  onIdle?: () => void
}

const MIN_IDS = 100

/**
 * Background upkeep that must never hold the app for long: it runs `step` chunk after chunk,
 * yielding to the event loop (setImmediate) in between so the API and the UI keep answering,
 * halves or doubles the chunk so each takes about `targetMs`, and once caught up looks again
 * every `intervalMs`. Returns the stop function.
 */
export function startChunkedJob<S extends { pending: boolean }>(
  opts: ChunkedJobOptions<S>,
): () => void {
  const log = opts.log ?? ((m, e) => console.error(m, e ?? ''))
  // Start small: the first chunk's cost is unknown (disk, load, data).
  let limit = Math.min(500, opts.maxIds)
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let immediate: ReturnType<typeof setImmediate> | undefined

  const later = (ms: number) => {
    timer = setTimeout(tick, ms)
    // A background job should never keep a CLI process alive.
    timer.unref?.()
  }
  function tick() {
    timer = immediate = undefined
    if (stopped) return
    let r: S
    const started = performance.now()
    const cpu = process.cpuUsage()
    try {
      r = opts.step(limit)
    } catch (err) {
      log(opts.failure, err)
      later(opts.retryMs)
      return
    }
    const ms = performance.now() - started
    const used = process.cpuUsage(cpu)
    opts.onChunk?.({ ...r, limit, ms, cpuMs: (used.user + used.system) / 1000 })
    if (opts.work(r) >= limit / 2) {
      if (ms > opts.targetMs) limit = Math.max(MIN_IDS, Math.floor(limit / 2))
      else if (ms < opts.targetMs / 2) limit = Math.min(opts.maxIds, limit * 2)
    }
    if (r.pending) {
      // Not unref'd: with only unref'd immediates pending, the event loop blocks in its poll
      // phase until the next timer, and each chunk would wait that long.
      immediate = setImmediate(tick)
    } else {
      opts.onIdle?.()
      later(opts.intervalMs)
    }
  }

  later(0)
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    if (immediate) clearImmediate(immediate)
  }
}
