import type {
  DayPoint,
  MemberReport,
  PerformanceReport,
} from '../../../../shared/contracts/performance.contract'
import type { LegendItem, TableData } from './ChartFigure'

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

/** One small chart of a figure: its own title (when there are several) and series. */
export interface Panel {
  title: string | null
  series: Series[]
}

/**
 * What a figure draws: one panel with every series for a single subject; when members are
 * compared, one panel per measure, a bar or line per member in that member's colour, so the
 * key lists the members and nothing else.
 */
export interface ChartView extends ChartModel {
  panels: Panel[]
  legend: LegendItem[]
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
/**
 * One colour per compared member, the same in every chart (by the member's place in the
 * report); told apart by hue and lightness, after the Okabe–Ito palette for colour-blind readers.
 */
export const MEMBER_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00'] as const
const SINGLE_COLOR = MEMBER_COLORS[0]

const hours = (s: number) => Math.round((s / 3600) * 100) / 100

/** A member's name in legends and table headers: unique and short. */
export const memberLabel = (m: MemberReport) =>
  m.subject.name + (m.subject.isService ? ' (service account)' : '')

/**
 * Axis ticks on round numbers from 0 to at least `max`: steps of 1, 2 or 5 times a power of
 * ten (2.5 too for fractions), about `count` of them; whole steps only when `integer`.
 */
export function niceTicks(max: number, count = 4, integer = true): number[] {
  if (!(max > 0)) return [0, 1]
  const raw = max / Math.max(1, count)
  const power = 10 ** Math.floor(Math.log10(raw))
  const steps = power < 1 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10]
  let step = power * steps.find((m) => m * power >= raw - 1e-9)!
  if (integer) step = Math.max(1, Math.round(step))
  const ticks: number[] = []
  const top = Math.ceil(max / step - 1e-9) * step
  // Rounded to the step's decimals: 0.1 + 0.2 must read 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1)
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toFixed(decimals)))
  return ticks
}

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
    /** The colour with a single subject; compared members each have their own. */
    color: string
    value: (m: MemberReport, cat: string, row: number) => number
    dashed?: boolean
  }[],
): ChartView {
  const many = report.members.length > 1
  const series: Series[] = report.members.flatMap((m, i) =>
    metrics.map((k) => ({
      key: `m${i}_${k.id}`,
      label: many ? `${memberLabel(m)}: ${k.label}` : k.label,
      color: many ? MEMBER_COLORS[i % MEMBER_COLORS.length]! : k.color,
      stack: `m${i}`,
      dashed: many ? undefined : k.dashed,
    })),
  )
  const panels: Panel[] = many
    ? metrics.map((k) => ({
        title: metrics.length > 1 ? k.label : null,
        series: report.members.map((m, i) => ({
          ...series.find((s) => s.key === `m${i}_${k.id}`)!,
          label: memberLabel(m),
        })),
      }))
    : [{ title: null, series }]
  const legend: LegendItem[] = many
    ? report.members.map((m, i) => ({
        label: memberLabel(m),
        color: MEMBER_COLORS[i % MEMBER_COLORS.length]!,
      }))
    : series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed }))
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
    panels,
    legend,
    table: {
      columns: [xLabel, ...series.map((s) => s.label)],
      rows: data.map((d) => [d[x]!, ...series.map((s) => d[s.key]!)]),
    },
  }
}

const day = (m: MemberReport, row: number): DayPoint => m.series[row]!
const dates = (r: PerformanceReport) => r.members[0]?.series.map((d) => d.date) ?? []

export function statesChart(r: PerformanceReport): ChartView {
  return build(
    r,
    'date',
    'Date',
    dates(r),
    STATES.map(([id, label]) => ({
      id,
      label,
      color: STATE_COLORS[id],
      value: (m, _c, row) => day(m, row)[id],
    })),
  )
}

export function timeChart(r: PerformanceReport): ChartView {
  return build(r, 'date', 'Date', dates(r), [
    {
      id: 'annotating',
      label: 'Annotating (h)',
      color: SINGLE_COLOR,
      value: (m, _c, row) => hours(day(m, row).timeAnnotating),
    },
    {
      id: 'reviewing',
      label: 'Reviewing (h)',
      color: '#868e96',
      value: (m, _c, row) => hours(day(m, row).timeReviewing),
    },
  ])
}

export function requestsChart(r: PerformanceReport): ChartView {
  return build(r, 'date', 'Date', dates(r), [
    {
      id: 'requests',
      label: 'Requests',
      color: SINGLE_COLOR,
      value: (m, _c, row) => day(m, row).requests,
    },
    {
      id: 'errors',
      label: 'Errors (4xx + 5xx)',
      color: '#e03131',
      dashed: true,
      value: (m, _c, row) => day(m, row).errors4xx + day(m, row).errors5xx,
    },
  ])
}

const tally = (list: { key: string; count: number }[], key: string) =>
  list.find((t) => t.key === key)?.count ?? 0

export function statusChart(r: PerformanceReport): ChartView {
  const classes = ['2xx', '3xx', '4xx', '5xx', 'other'].filter((c) =>
    r.members.some((m) => tally(m.api.byStatus, c) > 0),
  )
  return build(r, 'status', 'Status', classes, [
    {
      id: 'n',
      label: 'Requests',
      color: SINGLE_COLOR,
      value: (m, c) => tally(m.api.byStatus, c),
    },
  ])
}

export function endpointsChart(r: PerformanceReport, top = 8): ChartView {
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
      color: SINGLE_COLOR,
      value: (m, c) => tally(m.api.byEndpoint, c),
    },
  ])
}
