import { DAY_MS } from './deps'

export interface StaleRuleHost {
  serviceAccounts: { applyStaleRule(): number }
}

/**
 * Applies each organization's "deactivate service accounts unused for N days" rule at start
 * and then once a day. Returns the stop function; startCore calls it on shutdown.
 */
export function startStaleAccountRule(
  engine: StaleRuleHost,
  options: { intervalMs?: number; log?: (message: string, error?: unknown) => void } = {},
): () => void {
  const log = options.log ?? ((m, e) => console.error(m, e ?? ''))
  const run = () => {
    try {
      engine.serviceAccounts.applyStaleRule()
    } catch (err) {
      log('the rule for unused service accounts failed', err)
    }
  }
  const first = setTimeout(run, 0)
  const daily = setInterval(run, options.intervalMs ?? DAY_MS)
  // Neither timer should keep a CLI process alive.
  first.unref?.()
  daily.unref?.()
  return () => {
    clearTimeout(first)
    clearInterval(daily)
  }
}
