import { z } from 'zod'
import { Id, Timestamp } from '../schemas'
import { contract } from './contract'

export const MAX_COMPARE = 5
const MAX_RANGE_MS = 400 * 24 * 60 * 60 * 1000

/**
 * What to measure. An empty `userIds` means the whole organization. Work counts at its
 * completion time: an annotation at its `created_at` (when it was submitted), a review at its
 * `created_at`, an API request at its time. `from` is inclusive, `to` exclusive.
 */
export const PerformanceQuery = z
  .object({
    userIds: z.array(Id).max(MAX_COMPARE, `Compare at most ${MAX_COMPARE} members`).default([]),
    from: Timestamp,
    to: Timestamp,
    /** Minutes to add to UTC for the caller's local time (e.g. 120 for UTC+2); days are local. */
    tzOffsetMinutes: z.number().int().min(-840).max(840).default(0),
    workspaceIds: z.array(Id).max(500).default([]),
    projectIds: z.array(Id).max(500).default([]),
  })
  .strict()
  .refine((q) => q.to > q.from, { message: 'The range must end after it starts', path: ['to'] })
  .refine((q) => q.to - q.from <= MAX_RANGE_MS, {
    message: 'Choose a range of at most 400 days',
    path: ['from'],
  })
export type PerformanceQuery = z.input<typeof PerformanceQuery>

const Count = z.number().int().nonnegative()
/** `null` is "no data" (shown as `--`), distinct from a measured 0. */
const Maybe = z.number().nullable()

export const AnnotationStats = z.object({
  submitted: Count,
  skipped: Count,
  /** Outcome by the latest review of each submitted annotation (as of now). */
  accepted: Count,
  rejected: Count,
  fixedAccepted: Count,
  pendingReview: Count,
  /** Seconds (Label Studio lead_time) over submitted and skipped annotations. */
  leadTimeSum: Maybe,
  leadTimeAvg: Maybe,
  leadTimeMedian: Maybe,
  /** 0..1: per reviewed annotation the mean of its review scores, then the mean of those. */
  score: Maybe,
  scoredAnnotations: Count,
})
export type AnnotationStats = z.infer<typeof AnnotationStats>

export const ReviewStats = z.object({
  total: Count,
  accepted: Count,
  rejected: Count,
  fixedAccepted: Count,
  /** Seconds. */
  timeReviewing: Maybe,
})
export type ReviewStats = z.infer<typeof ReviewStats>

const Tally = z.object({ key: z.string(), count: Count })
export type Tally = z.infer<typeof Tally>

export const ApiStats = z.object({
  requests: Count,
  errors4xx: Count,
  errors5xx: Count,
  /** Milliseconds, nearest-rank percentiles. */
  latencyP50: Maybe,
  latencyP95: Maybe,
  /** False when the percentiles come from the hourly histogram (within ~5 %). */
  latencyExact: z.boolean(),
  byEndpoint: z.array(Tally),
  byMethod: z.array(Tally),
  byStatus: z.array(Tally),
  imports: Count,
  predictions: Count,
  lastActive: Timestamp.nullable(),
  lastToken: z.object({ display: z.string(), lastUsedAt: Timestamp.nullable() }).nullable(),
})
export type ApiStats = z.infer<typeof ApiStats>

export const DayPoint = z.object({
  /** Local date, YYYY-MM-DD. */
  date: z.string(),
  submitted: Count,
  skipped: Count,
  accepted: Count,
  rejected: Count,
  fixedAccepted: Count,
  pendingReview: Count,
  /** Seconds. */
  timeAnnotating: z.number(),
  timeReviewing: z.number(),
  requests: Count,
  errors4xx: Count,
  errors5xx: Count,
})
export type DayPoint = z.infer<typeof DayPoint>

export const Subject = z.object({
  /** null for the whole organization. */
  userId: Id.nullable(),
  name: z.string(),
  email: z.string().nullable(),
  isService: z.boolean(),
})
export type Subject = z.infer<typeof Subject>

export const MemberReport = z.object({
  subject: Subject,
  annotations: AnnotationStats,
  reviews: ReviewStats,
  api: ApiStats,
  series: z.array(DayPoint),
})
export type MemberReport = z.infer<typeof MemberReport>

export const PerformanceReport = z.object({
  from: Timestamp,
  to: Timestamp,
  tzOffsetMinutes: z.number().int(),
  generatedAt: Timestamp,
  members: z.array(MemberReport),
  /**
   * True while the API roll-ups are still being built (first start after an upgrade): the
   * figures are complete (read from the raw log meanwhile), only slower to produce.
   */
  rollupPending: z.boolean().optional(),
})
export type PerformanceReport = z.infer<typeof PerformanceReport>

export const performanceContracts = {
  'performance:report': contract(PerformanceQuery, PerformanceReport),
  /**
   * The report as CSV or JSON text (a browser offers it as a download). The desktop app also
   * writes it where its save dialog says (`path`), or reports that the user backed out.
   */
  'performance:export': contract(
    z.object({ query: PerformanceQuery, format: z.enum(['csv', 'json']) }).strict(),
    z.object({
      text: z.string(),
      filename: z.string(),
      path: z.string().nullable(),
      cancelled: z.boolean(),
    }),
  ),
} as const

/**
 * The columns of the per-member table, shared by the dashboard and the CSV export so the file
 * says exactly what the screen shows. `--` is "no data".
 */
export type Format = 'count' | 'percent' | 'seconds' | 'ms' | 'time' | 'text'
export interface Column {
  label: string
  format: Format
  get: (m: MemberReport) => number | string | null
}

export const SUMMARY_COLUMNS: readonly Column[] = [
  { label: 'Submitted', format: 'count', get: (m) => m.annotations.submitted },
  { label: 'Skipped', format: 'count', get: (m) => m.annotations.skipped },
  { label: 'Accepted', format: 'count', get: (m) => m.annotations.accepted },
  { label: 'Rejected', format: 'count', get: (m) => m.annotations.rejected },
  { label: 'Fixed + accepted', format: 'count', get: (m) => m.annotations.fixedAccepted },
  { label: 'Pending review', format: 'count', get: (m) => m.annotations.pendingReview },
  { label: 'Performance score', format: 'percent', get: (m) => m.annotations.score },
  { label: 'Time annotating', format: 'seconds', get: (m) => m.annotations.leadTimeSum },
  { label: 'Average lead time', format: 'seconds', get: (m) => m.annotations.leadTimeAvg },
  { label: 'Median lead time', format: 'seconds', get: (m) => m.annotations.leadTimeMedian },
  { label: 'Reviews', format: 'count', get: (m) => m.reviews.total },
  { label: 'Reviews accepted', format: 'count', get: (m) => m.reviews.accepted },
  { label: 'Reviews rejected', format: 'count', get: (m) => m.reviews.rejected },
  { label: 'Reviews fixed + accepted', format: 'count', get: (m) => m.reviews.fixedAccepted },
  { label: 'Time reviewing', format: 'seconds', get: (m) => m.reviews.timeReviewing },
  { label: 'API requests', format: 'count', get: (m) => m.api.requests },
  { label: '4xx errors', format: 'count', get: (m) => m.api.errors4xx },
  { label: '5xx errors', format: 'count', get: (m) => m.api.errors5xx },
  { label: 'Latency p50', format: 'ms', get: (m) => m.api.latencyP50 },
  { label: 'Latency p95', format: 'ms', get: (m) => m.api.latencyP95 },
  { label: 'Imports', format: 'count', get: (m) => m.api.imports },
  { label: 'Predictions', format: 'count', get: (m) => m.api.predictions },
  { label: 'Last active', format: 'time', get: (m) => m.api.lastActive },
  { label: 'Last used token', format: 'text', get: (m) => m.api.lastToken?.display ?? null },
]

export const NO_DATA = '--'

/**
 * A value as the CSV shows it (and the dashboard, which shows times in local time instead).
 * Times are given at `tzOffsetMinutes` from UTC (the report's offset) with that offset named,
 * so the text means the same instant wherever the file is read.
 */
export function formatValue(
  value: number | string | null,
  format: Format,
  tzOffsetMinutes = 0,
): string {
  if (value === null) return NO_DATA
  if (typeof value === 'string') return value
  switch (format) {
    case 'count':
      return String(value)
    case 'percent':
      return `${Math.round(value * 100)} %`
    case 'seconds':
      return formatSeconds(value)
    case 'ms':
      return `${Math.round(value * 10) / 10} ms`
    case 'time':
      return formatTimeAt(value, tzOffsetMinutes)
    default:
      return String(value)
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** `2026-01-05 14:30 UTC+02:00` (`… UTC` at offset 0): a time at a fixed offset from UTC. */
function formatTimeAt(ms: number, offsetMinutes: number): string {
  const text = new Date(ms + offsetMinutes * 60_000).toISOString().replace('T', ' ').slice(0, 16)
  if (offsetMinutes === 0) return `${text} UTC`
  const abs = Math.abs(offsetMinutes)
  const sign = offsetMinutes < 0 ? '-' : '+'
  return `${text} UTC${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
}

/** 42 s, 12 min 5 s, 3 h 20 min: short enough for a card, exact enough to compare. */
export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s * 10) / 10} s`
  const total = Math.round(s)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  if (h > 0) return `${h} h ${m} min`
  return `${m} min ${total % 60} s`
}
