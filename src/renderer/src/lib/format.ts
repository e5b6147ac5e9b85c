import dayjs from 'dayjs'

const DAY_MS = 24 * 60 * 60 * 1000

/** A timestamp (ms) as local date and time, or a dash. */
export function formatDateTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : dayjs(ms).format('YYYY-MM-DD HH:mm')
}

export function formatDate(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : dayjs(ms).format('YYYY-MM-DD')
}

/** Whole days left until `until`, never negative. */
export function daysLeft(until: number, now: number = Date.now()): number {
  return Math.max(0, Math.ceil((until - now) / DAY_MS))
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
