import { createHash } from 'node:crypto'
import type { SignInRepo } from '../../db/repos/sign-in.repo'

/**
 * Sign-in throttling, per account and per remote client address: the first few failures are
 * free, after that each failure locks the key for twice as long as the one before (capped), so
 * online guessing slows to a crawl while a person who mistypes twice never notices. Failures
 * older than the window are forgotten.
 *
 * What each key may refuse, by design:
 * - The account key (the email as typed, normalised) only ever holds up attempts at that same
 *   account, so a flood of wrong passwords for another email never touches the Owner. Its lock
 *   is kept short (at most ACCOUNT_MAX_LOCK_MS): it caps guessing at that account to about one
 *   password per lock, and the right password works again as soon as the lock runs out, so a
 *   guesser can delay the Owner by minutes but never lock them out for good. While it is locked
 *   the password is not even checked (a 429 whatever was typed), or the lock would be an oracle.
 * - The address key exists only for peers that are not this machine: on loopback every local
 *   client shares 127.0.0.1, and counting it would let any local process lock every person out.
 *   A remote address that keeps failing is refused before its password is checked (a password,
 *   unlike an API token, is guessable, and checking one costs a scrypt).
 */
export const FREE_FAILURES = 5
export const FIRST_LOCK_MS = 30_000
export const MAX_LOCK_MS = 15 * 60_000
export const ACCOUNT_MAX_LOCK_MS = 2 * 60_000
export const FAILURE_WINDOW_MS = 15 * 60_000

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/

/** Whether a client address is this machine (where every local client shares one address). */
export const isLoopbackAddress = (ip: string | null | undefined): boolean =>
  typeof ip === 'string' && LOOPBACK.test(ip)

export const ipKey = (ip: string | null): string => `ip:${ip ?? 'unknown'}`
// Hashed so a password typed into the email field is never stored in the clear.
export const accountKey = (email: string): string =>
  `acct:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`

/** The keys one sign-in attempt is throttled by: the account, and a remote address. */
export function signInKeys(email: string, ip: string | null): string[] {
  return isLoopbackAddress(ip) ? [accountKey(email)] : [accountKey(email), ipKey(ip)]
}

const maxLockOf = (key: string): number =>
  key.startsWith('acct:') ? ACCOUNT_MAX_LOCK_MS : MAX_LOCK_MS

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
        over >= 0 ? t + Math.min(maxLockOf(key), FIRST_LOCK_MS * 2 ** Math.min(over, 20)) : null
      repo.putFailure({ key, failures, last_failure_at: t, locked_until })
    }
  }

  return { retryAfter, fail, clear: (key: string) => repo.clearFailure(key) }
}
export type SignInThrottle = ReturnType<typeof signInThrottle>
