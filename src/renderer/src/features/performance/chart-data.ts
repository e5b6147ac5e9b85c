import type {
  DayPoint,
  MemberReport,
  PerformanceReport,
} from '../../../../shared/contracts/performance.contract'
import type { TableData } from './ChartFigure'

export interface Series {
  key: string
  label: string
  color: string
  /** Bars of one member stack together. */
  stack: string
  dashed?: boolean
}

export interface ChartModel {
  data: Record<string, string | number>[]
  series: Series[]
  table: TableData
  /** The category field (date, status, endpoint). */
  x: string
}

export const STATE_COLORS = {
  accepted: '#2f9e44',
  fixedAccepted: '#74b816',
  rejected: '#e03131',
  pendingReview: '#868e96',
  skipped: '#f59f00',
} as const
const STATES = [
  ['accepted', 'Accepted'],
  ['fixedAccepted', 'Fixed + accepted'],
  ['rejected', 'Rejected'],
  ['pendingReview', 'Pending review'],
  ['skipped', 'Skipped'],
] as const
const MEMBER_COLORS = ['#4263eb', '#e8590c', '#0ca678', '#ae3ec9', '#f08c00']

const hours = (s: number) => Math.round((s / 3600) * 100) / 100

/** A member's name in legends and table headers: unique and short. */
export const memberLabel = (m: MemberReport) =>
  m.subject.name + (m.subject.isService ? ' (service account)' : '')

/**
 * At most `max` of `categories`, evenly spaced, the last (the newest day) always among them:
 * the axis labels of a daily chart.
 */
export function spacedTicks(categories: string[], max: number): string[] {
  const step = Math.max(1, Math.ceil(categories.length / Math.max(1, max)))
  const out: string[] = []
  for (let i = categories.length - 1; i >= 0; i -= step) out.push(categories[i]!)
  return out.reverse()
}

function build(
  report: PerformanceReport,
  x: string,
  xLabel: string,
  categories: string[],
  metrics: {
    id: string
    label: string
    color: (i: number) => string
    value: (m: MemberReport, cat: string, row: number) => number
    dashed?: boolean
  }[],
): ChartModel {
  const many = report.members.length > 1
  const series: Series[] = report.members.flatMap((m, i) =>
    metrics.map((k) => ({
      key: `m${i}_${k.id}`,
      label: many ? `${memberLabel(m)}: ${k.label}` : k.label,
      color: k.color(i),
      stack: `m${i}`,
      dashed: k.dashed,
    })),
  )
  const data = categories.map((cat, row) => {
    const point: Record<string, string | number> = { [x]: cat }
    report.members.forEach((m, i) =>
      metrics.forEach((k) => (point[`m${i}_${k.id}`] = k.value(m, cat, row))),
    )
    return point
  })
  return {
    data,
    series,
    x,
    table: {
      columns: [xLabel, ...series.map((s) => s.label)],
      rows: data.map((d) => [d[x]!, ...series.map((s) => d[s.key]!)]),
    },
  }
}

const day = (m: MemberReport, row: number): DayPoint => m.series[row]!
const dates = (r: PerformanceReport) => r.members[0]?.series.map((d) => d.date) ?? []

export function statesChart(r: PerformanceReport): ChartModel {
  return build(
    r,
    'date',
    'Date',
    dates(r),
    STATES.map(([id, label]) => ({
      id,
      label,
      color: () => STATE_COLORS[id],
      value: (m, _c, row) => day(m, row)[id],
    })),
  )
}

export function timeChart(r: PerformanceReport): ChartModel {
  return build(r, 'date', 'Date', dates(r), [
    {
      id: 'annotating',
      label: 'Annotating (h)',
      color: (i) => MEMBER_COLORS[i]!,
      value: (m, _c, row) => hours(day(m, row).timeAnnotating),
    },
    {
      id: 'reviewing',
      label: 'Reviewing (h)',
      color: () => '#adb5bd',
      value: (m, _c, row) => hours(day(m, row).timeReviewing),
    },
  ])
}

export function requestsChart(r: PerformanceReport): ChartModel {
  return build(r, 'date', 'Date', dates(r), [
    {
      id: 'requests',
      label: 'Requests',
      color: (i) => MEMBER_COLORS[i]!,
      value: (m, _c, row) => day(m, row).requests,
    },
    {
      id: 'errors',
      label: 'Errors (4xx + 5xx)',
      color: () => '#e03131',
      dashed: true,
      value: (m, _c, row) => day(m, row).errors4xx + day(m, row).errors5xx,
    },
  ])
}

const tally = (list: { key: string; count: number }[], key: string) =>
  list.find((t) => t.key === key)?.count ?? 0

export function statusChart(r: PerformanceReport): ChartModel {
  const classes = ['2xx', '3xx', '4xx', '5xx', 'other'].filter((c) =>
    r.members.some((m) => tally(m.api.byStatus, c) > 0),
  )
  return build(r, 'status', 'Status', classes, [
    {
      id: 'n',
      label: 'Requests',
      color: (i) => MEMBER_COLORS[i]!,
      value: (m, c) => tally(m.api.byStatus, c),
    },
  ])
}

export function endpointsChart(r: PerformanceReport, top = 8): ChartModel {
  const totals = new Map<string, number>()
  for (const m of r.members)
    for (const t of m.api.byEndpoint) totals.set(t.key, (totals.get(t.key) ?? 0) + t.count)
  // Ties in plain code-unit order: the first localeCompare in a page sets up a collator, a
  // noticeable part of drawing the dashboard the first time, and these keys are URL paths.
  const keys = [...totals]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, top)
    .map(([k]) => k)
  return build(r, 'endpoint', 'Endpoint', keys, [
    {
      id: 'n',
      label: 'Requests',
      color: (i) => MEMBER_COLORS[i]!,
      value: (m, c) => tally(m.api.byEndpoint, c),
    },
  ])
}
