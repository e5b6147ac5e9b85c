import { stringify } from 'csv-stringify/sync'
import {
  SUMMARY_COLUMNS,
  formatValue,
  type PerformanceReport,
} from '../../../shared/contracts/performance.contract'
import { csvCell } from '../csv-cell'

const SERIES_COLUMNS = [
  ['Submitted', 'submitted'],
  ['Skipped', 'skipped'],
  ['Accepted', 'accepted'],
  ['Rejected', 'rejected'],
  ['Fixed + accepted', 'fixedAccepted'],
  ['Pending review', 'pendingReview'],
  ['Time annotating (s)', 'timeAnnotating'],
  ['Time reviewing (s)', 'timeReviewing'],
  ['Requests', 'requests'],
  ['4xx errors', 'errors4xx'],
  ['5xx errors', 'errors5xx'],
] as const

/**
 * The report as CSV: one summary row per member with the dashboard table's columns and texts
 * (so the file matches the screen, `--` included; a time in the report's local time with its
 * offset from UTC named), a blank line, then one row per member and local day.
 */
export function reportCsv(r: PerformanceReport): string {
  const summary = [
    ['Member', 'Email', 'Kind', ...SUMMARY_COLUMNS.map((c) => c.label)],
    ...r.members.map((m) => [
      m.subject.name,
      m.subject.email ?? '',
      m.subject.userId === null
        ? 'organization'
        : m.subject.isService
          ? 'service account'
          : 'person',
      ...SUMMARY_COLUMNS.map((c) => formatValue(c.get(m), c.format, r.tzOffsetMinutes)),
    ]),
  ]
  const series = [
    ['Date', 'Member', ...SERIES_COLUMNS.map(([label]) => label)],
    ...r.members.flatMap((m) =>
      m.series.map((d) => [
        d.date,
        m.subject.name,
        ...SERIES_COLUMNS.map(([, key]) => String(d[key])),
      ]),
    ),
  ]
  const range = `Range,${new Date(r.from).toISOString()},${new Date(r.to).toISOString()},UTC offset (min),${r.tzOffsetMinutes}\n`
  // Names, emails and texts come from users: every cell is made formula-safe.
  const csv = (rows: string[][]) => stringify(rows.map((row) => row.map(csvCell)))
  return range + '\n' + csv(summary) + '\n' + csv(series)
}
