import type { ApiStats, Tally } from '../../../shared/contracts/performance.contract'
import {
  HOUR_MS,
  endpointGroup,
  histogramPercentile,
  isImport,
  latencyBucket,
  localDay,
  percentile,
  statusClass,
} from './metrics'
import type { IdRange } from './api-rollup'
import type { ApiRawRow, PerformanceRepo, Scope } from './performance.repo'

/** Up to this many requests the percentiles are computed exactly from the raw durations. */
export const EXACT_LATENCY_LIMIT = 5_000

export interface ApiDay {
  requests: number
  errors4xx: number
  errors5xx: number
}

export type ApiUsage = Omit<ApiStats, 'predictions' | 'lastActive' | 'lastToken'> & {
  days: Map<number, ApiDay>
}

class Tallies {
  readonly endpoint = new Map<string, number>()
  readonly method = new Map<string, number>()
  readonly status = new Map<string, number>()
  readonly days = new Map<number, ApiDay>()
  readonly hist = new Map<number, number>()
  durations: number[] = []
  requests = 0
  imports = 0

  add(
    day: number,
    endpoint: string,
    method: string,
    c: {
      s2xx: number
      s3xx: number
      s4xx: number
      s5xx: number
      requests: number
      imports: number
    },
  ) {
    this.requests += c.requests
    this.imports += c.imports
    bump(this.endpoint, endpoint, c.requests)
    bump(this.method, method, c.requests)
    const other = c.requests - c.s2xx - c.s3xx - c.s4xx - c.s5xx
    for (const [k, n] of [
      ['2xx', c.s2xx],
      ['3xx', c.s3xx],
      ['4xx', c.s4xx],
      ['5xx', c.s5xx],
      ['other', other],
    ] as const) {
      if (n) bump(this.status, k, n)
    }
    let d = this.days.get(day)
    if (!d) this.days.set(day, (d = { requests: 0, errors4xx: 0, errors5xx: 0 }))
    d.requests += c.requests
    d.errors4xx += c.s4xx
    d.errors5xx += c.s5xx
  }

  addRaw(rows: ApiRawRow[], off: number, keepDurations: boolean) {
    for (const r of rows) {
      const endpoint = endpointGroup(r.url)
      const cls = statusClass(r.status)
      this.add(localDay(r.ts, off), endpoint, r.method ?? '(none)', {
        requests: 1,
        imports: isImport(r.method, endpoint) ? 1 : 0,
        s2xx: cls === '2xx' ? 1 : 0,
        s3xx: cls === '3xx' ? 1 : 0,
        s4xx: cls === '4xx' ? 1 : 0,
        s5xx: cls === '5xx' ? 1 : 0,
      })
      if (r.duration_ms !== null) {
        if (keepDurations) this.durations.push(r.duration_ms)
        bump(this.hist, latencyBucket(r.duration_ms), 1)
      }
    }
  }
}

function bump<K>(m: Map<K, number>, k: K, n: number) {
  m.set(k, (m.get(k) ?? 0) + n)
}

const sorted = (m: Map<string, number>): Tally[] =>
  [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))

/**
 * API usage of a member (or the organization) over a range. Whole hours come from the hourly
 * roll-ups (plus, while a catch-up runs, the raw entries of the `unrolled` id ranges); the
 * pieces of hours at the range edges come from the raw log. A workspace/project
 * filter, or an offset that is not a whole number of hours (so an hour would straddle two local
 * days), reads the raw log for the whole range instead.
 */
export function apiUsage(
  repo: PerformanceRepo,
  scope: Scope,
  workspaces: string | null,
  unrolled: readonly IdRange[] = [],
): ApiUsage {
  const t = new Tallies()
  const raw = scope.projects !== null || scope.off % HOUR_MS !== 0
  let exact = true
  if (raw) {
    t.addRaw(repo.apiRaw(scope, workspaces), scope.off, true)
  } else {
    const h0 = Math.ceil(scope.from / HOUR_MS)
    const h1 = Math.floor(scope.to / HOUR_MS)
    if (h1 <= h0) {
      t.addRaw(repo.apiRaw(scope, null), scope.off, false)
    } else {
      const actor = scope.user ?? 0
      for (const row of repo.hourly({ org: scope.org, actor, h0, h1, off: scope.off })) {
        t.add(row.day, row.endpoint, row.method, row)
      }
      for (const b of repo.latency({ org: scope.org, actor, h0, h1 })) bump(t.hist, b.bucket, b.n)
      // Entries of those hours the roll-ups do not hold yet (a catch-up still running).
      const whole = { ...scope, from: h0 * HOUR_MS, to: h1 * HOUR_MS }
      for (const ids of unrolled) t.addRaw(repo.apiUnrolled(whole, ids), scope.off, false)
      t.addRaw(repo.apiRaw({ ...scope, to: h0 * HOUR_MS }, null), scope.off, false)
      t.addRaw(repo.apiRaw({ ...scope, from: h1 * HOUR_MS }, null), scope.off, false)
    }
    if (t.requests <= EXACT_LATENCY_LIMIT) t.durations = repo.durations(scope)
    else exact = false
  }
  const ds = exact ? t.durations.sort((a, b) => a - b) : []
  return {
    requests: t.requests,
    errors4xx: t.status.get('4xx') ?? 0,
    errors5xx: t.status.get('5xx') ?? 0,
    latencyP50: exact ? percentile(ds, 50) : histogramPercentile(t.hist, 50),
    latencyP95: exact ? percentile(ds, 95) : histogramPercentile(t.hist, 95),
    latencyExact: exact,
    byEndpoint: sorted(t.endpoint),
    byMethod: sorted(t.method),
    byStatus: sorted(t.status),
    imports: t.imports,
    days: t.days,
  }
}
