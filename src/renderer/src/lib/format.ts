import dayjs from 'dayjs'
import relativeTime from 'dayjs/plugin/relativeTime'

dayjs.extend(relativeTime)

// Absolute times come from the one time module (the user's locale and zone).
export { formatDate, formatDateTime } from './time'

const DAY_MS = 24 * 60 * 60 * 1000

/** A timestamp (ms) relative to now: "3 hours ago", "a month ago"; a dash when missing. */
export function formatRelative(ms: number | null | undefined, now: number = Date.now()): string {
  return ms === null || ms === undefined ? '—' : dayjs(ms).from(now)
}

/**
 * Days left until `until`, to the nearest day once at least one is left (an account deleted a
 * minute ago has its whole 30 days, not "29"), never negative; below one day, 0.
 */
export function daysLeft(until: number, now: number = Date.now()): number {
  const days = (until - now) / DAY_MS
  return days < 1 ? 0 : Math.round(days)
}

/** Whether a deleted account can still be undeleted (by the renderer's clock). */
export function undeleteWindowOpen(until: number | null, now: number = Date.now()): boolean {
  return until !== null && until > now
}

/**
 * What is left of the undelete window, in words: "30 days left to undelete", "1 day left…",
 * "Less than a day left…", or that it has closed.
 */
export function undeleteWindowText(until: number | null, now: number = Date.now()): string {
  if (until === null || !undeleteWindowOpen(until, now)) return 'Undelete window has closed'
  const days = daysLeft(until, now)
  return days === 0 ? 'Less than a day left to undelete' : `${plural(days, 'day')} left to undelete`
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
