/**
 * Every time the admin UI shows, in the user's locale and time zone (Intl). Exports and the API
 * speak ISO 8601; nothing here is for them. Each helper takes an optional `{ locale, timeZone }`
 * (tests pass fixed ones); left out, both are the browser's.
 */

export interface TimeSettings {
  /** A BCP 47 tag such as 'en-GB'; the browser's when left out. */
  locale?: string
  /** An IANA zone such as 'Europe/Berlin'; the browser's when left out. */
  timeZone?: string
}

const DASH = '—'
const DAY_MS = 86_400_000

// Building a formatter costs far more than using one (a table formats hundreds of cells).
const cache = new Map<string, Intl.DateTimeFormat>()
const JAN = Date.UTC(2000, 0, 1)
const JUL = Date.UTC(2000, 6, 1)
/** The system zone, cheaply: its offsets in winter and summer (they change when it does). */
const systemZone = () =>
  `~${new Date(JAN).getTimezoneOffset()}/${new Date(JUL).getTimezoneOffset()}`
function formatter(opts: TimeSettings, style: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${opts.locale ?? ''}|${opts.timeZone ?? systemZone()}|${JSON.stringify(style)}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(opts.locale, { ...style, timeZone: opts.timeZone })
    cache.set(key, f)
  }
  return f
}

const missing = (ms: number | null | undefined): ms is null | undefined =>
  ms === null || ms === undefined || !Number.isFinite(ms)

/** Date and time to the minute: "7 Dec 2026, 14:05" (en-GB), "Dec 7, 2026, 2:05 PM" (en-US). */
export function formatDateTime(ms: number | null | undefined, opts: TimeSettings = {}): string {
  return missing(ms)
    ? DASH
    : formatter(opts, { dateStyle: 'medium', timeStyle: 'short' }).format(ms)
}

/** Date and time to the second, for moments that are seconds apart. */
export function formatDateTimeSeconds(
  ms: number | null | undefined,
  opts: TimeSettings = {},
): string {
  return missing(ms)
    ? DASH
    : formatter(opts, { dateStyle: 'medium', timeStyle: 'medium' }).format(ms)
}

/** The date alone: "7 Dec 2026". */
export function formatDate(ms: number | null | undefined, opts: TimeSettings = {}): string {
  return missing(ms) ? DASH : formatter(opts, { dateStyle: 'medium' }).format(ms)
}

/** The time of day to the minute: "14:05", "2:05 PM". */
export function formatTime(ms: number, opts: TimeSettings = {}): string {
  return formatter(opts, { timeStyle: 'short' }).format(ms)
}

/**
 * A calendar day given as `YYYY-MM-DD` (a report's day, already in the user's zone) as a short
 * label: "29 Nov", "Nov 29". The day is not moved by any zone.
 */
export function formatDay(isoDay: string, opts: TimeSettings = {}): string {
  const [y, m, d] = isoDay.split('-').map(Number)
  if (!y || !m || !d) return isoDay
  return formatter(
    { locale: opts.locale, timeZone: 'UTC' },
    { day: 'numeric', month: 'short' },
  ).format(Date.UTC(y, m - 1, d))
}

/** The zone's offset at `at` as the locale writes it: "GMT+1", "UTC", "GMT-5". */
export function zoneOffset(at: number = Date.now(), opts: TimeSettings = {}): string {
  const part = formatter(opts, { timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')
  return part?.value ?? 'UTC'
}

/** The zone times are shown in, for labels: "Europe/Berlin (GMT+1)". */
export function zoneLabel(at: number = Date.now(), opts: TimeSettings = {}): string {
  const zone = opts.timeZone ?? formatter(opts, {}).resolvedOptions().timeZone
  return `${zone} (${zoneOffset(at, opts)})`
}

/** Whether the locale writes times on a 12-hour clock (AM/PM). */
export function uses12HourClock(opts: TimeSettings = {}): boolean {
  const cycle = formatter(opts, { hour: 'numeric' }).resolvedOptions().hourCycle
  return cycle === 'h11' || cycle === 'h12'
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The wall-clock fields of `ms` in the zone. */
function fields(ms: number, opts: TimeSettings) {
  const parts = formatter(
    { locale: 'en-US', timeZone: opts.timeZone },
    {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    },
  ).formatToParts(ms)
  const get = (t: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === t)?.value ?? 0)
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  }
}

/**
 * `ms` as the zone's wall-clock text `YYYY-MM-DD HH:mm:ss`: the value the date pickers hold.
 */
export function toWallClock(ms: number, opts: TimeSettings = {}): string {
  const f = fields(ms, opts)
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`
}

/**
 * The moment a wall-clock text (`YYYY-MM-DD HH:mm[:ss]`, or with a `T`) names in the zone, or
 * null when it is not one. A time a clock change skips is read with the offset before the
 * change; a time it repeats, as its first occurrence.
 */
export function fromWallClock(text: string, opts: TimeSettings = {}): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim())
  if (!m) return null
  const n = (i: number) => Number(m[i] ?? 0)
  const asUtc = Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6))
  if (!Number.isFinite(asUtc)) return null
  const offsetAt = (at: number) => {
    const f = fields(at, opts)
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - at
  }
  // The offsets a day either side cover any clock change near the time.
  const before = offsetAt(asUtc - DAY_MS)
  for (const offset of [before, offsetAt(asUtc + DAY_MS)]) {
    const at = asUtc - offset
    if (offsetAt(at) === offset) return at
  }
  return asUtc - before
}

/** How a date picker shows its value (`YYYY-MM-DD HH:mm:ss` wall-clock text): the locale's way. */
export function formatWallClock(text: string, opts: TimeSettings = {}): string {
  const ms = fromWallClock(text, opts)
  return ms === null ? text : formatDateTime(ms, opts)
}
