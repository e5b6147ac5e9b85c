import { DAY_MS } from '../deps'
import type { PurgeResult } from './retention'

export interface RetentionHost {
  activityLog: { purgeExpired(options?: { signal?: AbortSignal }): Promise<PurgeResult> }
  /** The log's size is measured exactly after each purge (see budget.ts). */
  activity?: { budget: { measure(): unknown } }
}

export interface RetentionOptions {
  intervalMs?: number
  log?: (message: string, error?: unknown) => void
}

/**
 * Purges expired activity now and then once a day, in the background (batches yield to the
 * event loop), and after each purge measures the log's size for its budget. Returns the stop function; bootstrap and `serve` call it on shutdown.
 */
export function startRetention(engine: RetentionHost, options: RetentionOptions = {}): () => void {
  const log = options.log ?? ((m, e) => console.error(m, e ?? ''))
  const controller = new AbortController()
  let running = false
  const run = () => {
    // A daily tick that finds the previous purge still going lets it finish.
    if (running || controller.signal.aborted) return
    running = true
    engine.activityLog
      .purgeExpired({ signal: controller.signal })
      .then(() => {
        if (!controller.signal.aborted) engine.activity?.budget.measure()
      })
      .catch((err: unknown) => log('activity retention purge failed', err))
      .finally(() => void (running = false))
  }
  const first = setTimeout(run, 0)
  const daily = setInterval(run, options.intervalMs ?? DAY_MS)
  // Neither timer should keep a CLI process alive.
  first.unref?.()
  daily.unref?.()
  return () => {
    controller.abort()
    clearTimeout(first)
    clearInterval(daily)
  }
}
