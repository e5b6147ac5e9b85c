import { describe, expect, it } from 'vitest'
import {
  formatDate,
  formatDateTime,
  formatDateTimeSeconds,
  formatDay,
  formatTime,
  formatWallClock,
  fromWallClock,
  toWallClock,
  uses12HourClock,
  zoneLabel,
  zoneOffset,
} from '../../../src/renderer/src/lib/time'

// ICU puts narrow no-break spaces before AM/PM; the reader sees a space.
const plain = (s: string) => s.replace(/\s/g, ' ')

const BERLIN_GB = { locale: 'en-GB', timeZone: 'Europe/Berlin' }
const NEW_YORK_US = { locale: 'en-US', timeZone: 'America/New_York' }
/** 2026-12-07 14:05:09 UTC: 15:05 in Berlin (UTC+1), 09:05 in New York (UTC−5). */
const AT = Date.UTC(2026, 11, 7, 14, 5, 9)
/** 2026-07-01 12:00 UTC: summer time in both zones. */
const SUMMER = Date.UTC(2026, 6, 1, 12)

describe('times on screen', () => {
  it("write the date and time the way the user's locale does, in the user's zone", () => {
    expect(plain(formatDateTime(AT, BERLIN_GB))).toBe('7 Dec 2026, 15:05')
    expect(plain(formatDateTime(AT, NEW_YORK_US))).toBe('Dec 7, 2026, 9:05 AM')
    expect(plain(formatDateTime(AT, { locale: 'de-DE', timeZone: 'Europe/Berlin' }))).toBe(
      '07.12.2026, 15:05',
    )
    expect(plain(formatDateTimeSeconds(AT, BERLIN_GB))).toBe('7 Dec 2026, 15:05:09')
    expect(plain(formatDate(AT, NEW_YORK_US))).toBe('Dec 7, 2026')
    expect(plain(formatTime(AT, NEW_YORK_US))).toBe('9:05 AM')
    expect(formatTime(AT, BERLIN_GB)).toBe('15:05')
  })

  it('move the day with the zone: late evening in New York is the next day in Berlin', () => {
    const late = Date.UTC(2026, 11, 8, 2, 30) // 21:30 on the 7th in New York
    expect(plain(formatDate(late, NEW_YORK_US))).toBe('Dec 7, 2026')
    expect(formatDate(late, BERLIN_GB)).toBe('8 Dec 2026')
  })

  it('show a dash for a missing time', () => {
    expect(formatDateTime(null, BERLIN_GB)).toBe('—')
    expect(formatDate(undefined, BERLIN_GB)).toBe('—')
    expect(formatDateTimeSeconds(Number.NaN, BERLIN_GB)).toBe('—')
  })

  it('label report days without moving them to another zone', () => {
    expect(formatDay('2026-11-29', { locale: 'en-GB', timeZone: 'Pacific/Kiritimati' })).toBe(
      '29 Nov',
    )
    expect(formatDay('2026-11-29', { locale: 'en-US', timeZone: 'Pacific/Pago_Pago' })).toBe(
      'Nov 29',
    )
  })

  it("name the zone and its offset, which follows the zone's summer time", () => {
    expect(zoneOffset(AT, BERLIN_GB)).toBe('GMT+1')
    expect(zoneOffset(SUMMER, BERLIN_GB)).toBe('GMT+2')
    expect(zoneOffset(AT, NEW_YORK_US)).toBe('GMT-5')
    expect(zoneLabel(AT, BERLIN_GB)).toBe('Europe/Berlin (GMT+1)')
  })

  it('know which locales use a 12-hour clock', () => {
    expect(uses12HourClock({ locale: 'en-US' })).toBe(true)
    expect(uses12HourClock({ locale: 'en-GB' })).toBe(false)
    expect(uses12HourClock({ locale: 'de-DE' })).toBe(false)
  })
})

describe('date pickers', () => {
  it("hold the zone's wall-clock time and read it back as the same moment", () => {
    expect(toWallClock(AT, BERLIN_GB)).toBe('2026-12-07 15:05:09')
    expect(toWallClock(AT, NEW_YORK_US)).toBe('2026-12-07 09:05:09')
    expect(fromWallClock('2026-12-07 15:05:09', BERLIN_GB)).toBe(AT)
    expect(fromWallClock('2026-12-07T09:05:09', NEW_YORK_US)).toBe(AT)
    expect(fromWallClock('2026-07-01 14:00', BERLIN_GB)).toBe(SUMMER)
    // Either side of both clock changes; 02:30 on 25 October happens twice, the first is taken.
    for (const at of [
      Date.UTC(2026, 2, 29, 0, 59),
      Date.UTC(2026, 2, 29, 1, 0),
      Date.UTC(2026, 9, 25, 0, 30),
      Date.UTC(2026, 9, 25, 2, 0),
    ])
      expect(fromWallClock(toWallClock(at, BERLIN_GB), BERLIN_GB)).toBe(at)
    expect(fromWallClock('2026-10-25 02:30', BERLIN_GB)).toBe(Date.UTC(2026, 9, 25, 0, 30))
  })

  it('read a time the spring clock change skips with the offset before it, and refuse junk', () => {
    // 02:30 does not exist in Berlin on 2026-03-29 (clocks go from 02:00 to 03:00 CET → CEST).
    expect(fromWallClock('2026-03-29 02:30', BERLIN_GB)).toBe(Date.UTC(2026, 2, 29, 1, 30))
    expect(fromWallClock('07/12/2026 15:05', BERLIN_GB)).toBeNull()
    expect(fromWallClock('', BERLIN_GB)).toBeNull()
  })

  it("show their value in the locale's format rather than a fixed DD/MM/YYYY", () => {
    expect(plain(formatWallClock('2026-12-07 09:05:00', NEW_YORK_US))).toBe('Dec 7, 2026, 9:05 AM')
    expect(formatWallClock('2026-12-07 15:05:00', BERLIN_GB)).toBe('7 Dec 2026, 15:05')
  })
})
