import { DateTimePicker } from '@mantine/dates'
import {
  formatWallClock,
  fromWallClock,
  toWallClock,
  uses12HourClock,
  zoneLabel,
} from '../lib/time'

/**
 * A date and time picked and shown in the user's locale and time zone (the browser's own
 * `datetime-local` writes US dates with AM/PM whatever the locale); the value is epoch ms.
 */
export function DateTimeField(props: {
  label: string
  value: number | null | undefined
  onChange: (ms: number | undefined) => void
  /** Names the zone under the field: where a time's zone is not obvious. */
  withZone?: boolean
  clearable?: boolean
  error?: string
}) {
  const value = props.value === null || props.value === undefined ? null : props.value
  return (
    <DateTimePicker
      label={props.label}
      description={props.withZone ? zoneLabel(value ?? undefined) : undefined}
      value={value === null ? null : toWallClock(value)}
      valueFormat={formatWallClock}
      onChange={(text) => props.onChange((text ? fromWallClock(text) : null) ?? undefined)}
      timePickerProps={{ format: uses12HourClock() ? '12h' : '24h' }}
      clearable={props.clearable}
      error={props.error}
      popoverProps={{ withinPortal: false }}
    />
  )
}
