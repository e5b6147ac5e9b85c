/** Pure helpers of the performance report: endpoint groups, latency buckets, percentiles, days. */

export const HOUR_MS = 60 * 60 * 1000
export const DAY_MS = 24 * HOUR_MS

// A path segment that names one object rather than a kind of object: numbers, UUIDs, long hex.
const ID_SEGMENT =
  /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,})$/i

/**
 * The endpoint group of a request URL: the path without query, ids collapsed to `{id}`, a
 * trailing id dropped (so list and detail share a group: `/api/tasks/7` → `/api/tasks`), at most
 * four segments. `/api/projects/3/import?commit=1` → `/api/projects/{id}/import`.
 */
export function endpointGroup(url: string | null): string {
  if (!url) return '(none)'
  const path = url.split(/[?#]/, 1)[0] ?? ''
  const segments = path
    .split('/')
    .filter((s) => s.length > 0)
    .slice(0, 4)
    .map((s) => (ID_SEGMENT.test(s) ? '{id}' : s.toLowerCase().slice(0, 40)))
  while (segments.length > 1 && segments[segments.length - 1] === '{id}') segments.pop()
  return segments.length ? `/${segments.join('/')}` : '/'
}

/** An import is a POST to a project's import endpoint (`/api/projects/{id}/import`). */
export function isImport(method: string | null, group: string): boolean {
  return method === 'POST' && group.endsWith('/import')
}

export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'other'
export function statusClass(status: number | null): StatusClass {
  if (status === null) return 'other'
  if (status >= 200 && status < 300) return '2xx'
  if (status >= 300 && status < 400) return '3xx'
  if (status >= 400 && status < 500) return '4xx'
  if (status >= 500 && status < 600) return '5xx'
  return 'other'
}

// Eight histogram buckets per doubling: a bucket spans 9 %, so its midpoint is within ~4.5 %.
const PER_OCTAVE = 8

/** The latency histogram bucket of a duration in milliseconds (bucket 0 holds < 1 ms). */
export function latencyBucket(ms: number): number {
  return ms < 1 ? 0 : 1 + Math.floor(Math.log2(ms) * PER_OCTAVE)
}

/** The value a bucket stands for: its geometric midpoint. */
export function bucketValue(bucket: number): number {
  return bucket === 0 ? 0.5 : Math.pow(2, (bucket - 1 + 0.5) / PER_OCTAVE)
}

/** Nearest-rank percentile (p in 0..100) of ascending `sorted`; null when there is nothing. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]!
}

/** Nearest-rank percentile of a histogram (bucket → count). */
export function histogramPercentile(hist: Map<number, number>, p: number): number | null {
  let total = 0
  for (const n of hist.values()) total += n
  if (total === 0) return null
  const rank = Math.max(1, Math.ceil((p / 100) * total))
  let seen = 0
  for (const b of [...hist.keys()].sort((x, y) => x - y)) {
    seen += hist.get(b)!
    if (seen >= rank) return round(bucketValue(b), 2)
  }
  return null
}

/** The median of ascending `sorted` (mean of the middle two for an even count). */
export function median(sorted: ArrayLike<number>): number | null {
  const n = sorted.length
  if (n === 0) return null
  const mid = Math.floor(n / 2)
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export const round = (x: number, digits = 3): number => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** Local day number (days since 1970-01-01 in the caller's offset) of a UTC time. */
export const localDay = (ts: number, offsetMs: number): number =>
  Math.floor((ts + offsetMs) / DAY_MS)

export const dayLabel = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)
