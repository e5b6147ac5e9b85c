import type { ActivityEntry } from '../../../../shared/contracts/activity.contract'
import { formatTime } from '../../lib/time'

/** The action of an entry that counts refused requests (see the engine's refusals.ts). */
export const SUMMARY_ACTION = 'refusal.summary'

export interface RefusalSummary {
  count: number
  first: number
  last: number
  /** A hash prefix of the credential presented, 'none', or 'various' (folded keys). */
  fingerprint: string
  route: string
  reason: 'unauthenticated' | 'throttled' | 'host' | 'origin' | 'network'
  user_agents: string[]
  /** Requests of the same key recorded one by one before the summary started counting. */
  individually: number
}

/** The summary an entry holds, or null for an ordinary entry. */
export function summaryOf(e: ActivityEntry): RefusalSummary | null {
  if (e.action !== SUMMARY_ACTION || e.details === null) return null
  try {
    const s = (JSON.parse(e.details) as { summary?: RefusalSummary }).summary
    return s && typeof s.count === 'number' ? s : null
  } catch {
    return null
  }
}

/** "21:04–21:05": the minute the summary covers (or the minutes, if it spans more). */
export function summaryRange(s: RefusalSummary): string {
  const MINUTE = 60_000
  const start = Math.floor(s.first / MINUTE) * MINUTE
  const end = Math.floor(s.last / MINUTE) * MINUTE + MINUTE
  return `${formatTime(start)}–${formatTime(end)}`
}

function credential(s: RefusalSummary, e: ActivityEntry): string {
  if (s.fingerprint === 'none') return 'without a token'
  if (s.fingerprint === 'various') return 'with various tokens'
  if (s.reason === 'throttled' && e.actorEmail) return `for ${e.actorEmail} (over its rate limit)`
  return 'with an unknown token'
}

/**
 * One line for the table and the detail panel:
 * "1,284 refused requests from 127.0.0.1 with an unknown token, 21:04–21:05".
 */
export function describeSummary(e: ActivityEntry, s: RefusalSummary): string {
  const n = s.count.toLocaleString('en-US')
  const from = e.ip ? `from ${e.ip}` : 'from various addresses'
  const range = summaryRange(s)
  const one = s.count === 1
  switch (s.reason) {
    case 'origin':
      return `${n} cross-site ${one ? 'request' : 'requests'} refused ${from} (a web page on another site), ${range}`
    case 'host':
      return `${n} ${one ? 'request' : 'requests'} with a wrong Host refused ${from}, ${range}`
    case 'network':
      return `${n} ${one ? 'request' : 'requests'} refused ${from}, outside the network allowlist of ${e.actorEmail ?? 'its account'}, ${range}`
    case 'throttled':
      return `${n} throttled ${one ? 'request' : 'requests'} ${from} ${credential(s, e)}, ${range}`
    default:
      return `${n} refused ${one ? 'request' : 'requests'} ${from} ${credential(s, e)}, ${range}`
  }
}
