import dayjs from 'dayjs'

export type Preset = 'today' | '7d' | '30d' | '90d' | 'custom'

export const PRESETS: { value: Preset; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: 'custom', label: 'Custom' },
]

const DAYS: Record<Exclude<Preset, 'custom'>, number> = { today: 1, '7d': 7, '30d': 30, '90d': 90 }

/**
 * The range of a preset: whole local days ending with today (start of the first day to the
 * start of tomorrow, `to` exclusive), so the daily charts always show complete days.
 */
export function presetRange(
  preset: Exclude<Preset, 'custom'>,
  now: number,
): { from: number; to: number } {
  const tomorrow = dayjs(now).startOf('day').add(1, 'day')
  return { from: tomorrow.subtract(DAYS[preset], 'day').valueOf(), to: tomorrow.valueOf() }
}

/** Minutes to add to UTC for local time at `at` (one offset for the whole report). */
export function tzOffsetAt(at: number): number {
  return -new Date(at).getTimezoneOffset()
}
