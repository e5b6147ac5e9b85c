import { z } from 'zod'

/**
 * How long a token replaced by Reset Token keeps working. 'none' ends it at once, as Label
 * Studio does; the others let a pipeline be redeployed with the new token without a failed
 * request in between.
 */
export const ROTATION_GRACES = ['none', '15m', '1h', '24h'] as const
export type RotationGrace = (typeof ROTATION_GRACES)[number]
export const RotationGraceSchema = z.enum(ROTATION_GRACES)

const MINUTE = 60_000
export const GRACE_MS: Record<RotationGrace, number> = {
  none: 0,
  '15m': 15 * MINUTE,
  '1h': 60 * MINUTE,
  '24h': 24 * 60 * MINUTE,
}

export const GRACE_LABELS: Record<RotationGrace, string> = {
  none: 'None: the current token stops working at once',
  '15m': '15 minutes',
  '1h': '1 hour',
  '24h': '24 hours',
}

const DAY = 24 * 60 * MINUTE

/** Tokens expiring within this many days are highlighted, so they are replaced in time. */
export const EXPIRY_WARNING_DAYS = 7

/** Whether a token with this expiry stops working within the warning window (and not yet). */
export const expiresSoon = (expiresAt: number | null, now = Date.now()): boolean =>
  expiresAt !== null && expiresAt > now && expiresAt - now <= EXPIRY_WARNING_DAYS * DAY

/** Whole days until `at`, rounded up ("expires in 3 days"). */
export const daysUntil = (at: number, now: number): number => Math.ceil((at - now) / DAY)

/** Whole days an account has been unused, from its `unusedSince`. */
export const unusedDays = (since: number, now = Date.now()): number =>
  Math.max(0, Math.floor((now - since) / DAY))
