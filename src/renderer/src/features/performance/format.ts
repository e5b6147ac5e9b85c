import { formatValue, type Format } from '../../../../shared/contracts/performance.contract'
import { formatDateTime } from '../../lib/format'

/**
 * A figure as the dashboard shows it: the CSV export's text, except that a time is in local
 * time like everywhere else in the app (the CSV names its offset from UTC instead).
 */
export function displayValue(value: number | string | null, format: Format): string {
  return format === 'time' && typeof value === 'number'
    ? formatDateTime(value)
    : formatValue(value, format)
}
