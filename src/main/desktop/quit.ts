/** How long quitting waits for the API and the database before exiting anyway. */
export const QUIT_TIMEOUT_MS = 5000

/**
 * Stops the local API, then closes the database (after the API, so no request is cut off
 * mid-write and the WAL is checkpointed). Resolves 'clean'; 'timed-out' when that took longer
 * than `timeoutMs` and 'failed' when a step threw (both logged; the caller exits anyway).
 */
export async function shutdown(
  steps: { stopApi(): Promise<void>; closeDatabase(): Promise<void> },
  opts: { timeoutMs?: number; log: (message: string, error?: unknown) => void },
): Promise<'clean' | 'timed-out' | 'failed'> {
  const timeoutMs = opts.timeoutMs ?? QUIT_TIMEOUT_MS
  let timer: NodeJS.Timeout | undefined
  const work = (async () => {
    await steps.stopApi()
    opts.log('quit: local API stopped')
    await steps.closeDatabase()
    opts.log('quit: database closed')
    return 'clean' as const
  })()
  const late = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs)
  })
  try {
    const outcome = await Promise.race([work, late])
    if (outcome === 'timed-out') {
      opts.log(`quit: the API and database did not close within ${timeoutMs} ms; exiting anyway`)
    }
    return outcome
  } catch (err) {
    opts.log('quit: closing failed; exiting anyway', err)
    return 'failed'
  } finally {
    clearTimeout(timer)
  }
}
