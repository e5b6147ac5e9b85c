import { notifications } from '@mantine/notifications'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SUCCESS_TOAST_MS, notifyError, notifySuccess } from '../../../src/renderer/src/lib/errors'
import { undeleteWindowText } from '../../../src/renderer/src/lib/format'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const NOW = Date.UTC(2026, 10, 29, 12)

describe('undeleteWindowText', () => {
  it('counts days left to the nearest day: a fresh deletion has its whole window', () => {
    expect(undeleteWindowText(NOW + 30 * DAY, NOW)).toBe('30 days left to undelete')
    // Just deleted (the engine's clock a moment ahead of the screen's): the whole window.
    expect(undeleteWindowText(NOW + 30 * DAY - 60_000, NOW)).toBe('30 days left to undelete')
    expect(undeleteWindowText(NOW + 29 * DAY + 23 * HOUR, NOW)).toBe('30 days left to undelete')
    expect(undeleteWindowText(NOW + 29 * DAY + 2 * HOUR, NOW)).toBe('29 days left to undelete')
    expect(undeleteWindowText(NOW + DAY + HOUR, NOW)).toBe('1 day left to undelete')
    expect(undeleteWindowText(NOW + DAY, NOW)).toBe('1 day left to undelete')
  })

  it('says less than a day, and that the window closed, at the edges', () => {
    expect(undeleteWindowText(NOW + DAY - 1, NOW)).toBe('Less than a day left to undelete')
    expect(undeleteWindowText(NOW + 1, NOW)).toBe('Less than a day left to undelete')
    expect(undeleteWindowText(NOW, NOW)).toBe('Undelete window has closed')
    expect(undeleteWindowText(NOW - DAY, NOW)).toBe('Undelete window has closed')
    expect(undeleteWindowText(null, NOW)).toBe('Undelete window has closed')
  })
})

describe('toasts', () => {
  afterEach(() => vi.restoreAllMocks())

  it('closes success toasts after a few seconds and keeps errors until dismissed', () => {
    const show = vi.spyOn(notifications, 'show').mockReturnValue('id')
    notifySuccess('Saved')
    notifyError(new Error('Port 80 is taken'))
    expect(SUCCESS_TOAST_MS).toBeLessThanOrEqual(4000)
    expect(show).toHaveBeenNthCalledWith(
      1,
      expect.objectContaining({ message: 'Saved', autoClose: SUCCESS_TOAST_MS }),
    )
    expect(show).toHaveBeenNthCalledWith(
      2,
      expect.objectContaining({ message: 'Port 80 is taken', autoClose: false }),
    )
  })
})
