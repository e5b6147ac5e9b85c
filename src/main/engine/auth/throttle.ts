import { createHash } from 'node:crypto'
import type { SignInRepo } from '../../db/repos/sign-in.repo'

/**
 * Sign-in throttling, per client address and per account: the first few failures are free,
 * after that each failure locks the key for twice as long as the one before (capped), so online
 * guessing slows to a crawl while a person who mistypes twice never notices. Failures older than
 * the window are forgotten.
 */
export const FREE_FAILURES = 5
export const FIRST_LOCK_MS = 30_000
export const MAX_LOCK_MS = 15 * 60_000
export const FAILURE_WINDOW_MS = 15 * 60_000

export const ipKey = (ip: string | null): string => `ip:${ip ?? 'unknown'}`
// Hashed so a password typed into the email field is never stored in the clear.
export const accountKey = (email: string): string =>
  `acct:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`

export function signInThrottle(repo: SignInRepo, now: () => number) {
  /** Milliseconds until any of the keys may try again; 0 when none is locked. */
  function retryAfter(keys: string[]): number {
    const t = now()
    let wait = 0
    for (const key of keys) {
      const row = repo.failure(key)
      if (row?.locked_until && row.locked_until > t) wait = Math.max(wait, row.locked_until - t)
    }
    return wait
  }

  function fail(keys: string[]): void {
    const t = now()
    for (const key of keys) {
      const row = repo.failure(key)
      const failures = row && t - row.last_failure_at < FAILURE_WINDOW_MS ? row.failures + 1 : 1
      const over = failures - FREE_FAILURES
      const locked_until =
        over >= 0 ? t + Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(over, 20)) : null
      repo.putFailure({ key, failures, last_failure_at: t, locked_until })
    }
  }

  return { retryAfter, fail, clear: (key: string) => repo.clearFailure(key) }
}
export type SignInThrottle = ReturnType<typeof signInThrottle>
