import { randomBytes } from 'node:crypto'
import type { Db } from '../db/open'
import type { LogKeys } from './activity/log-keys'
import type { SecretBox } from './streams/secrets'

/** What the engine needs from the outside world; tests pass fixed clocks and random sources. */
export interface EngineDeps {
  db: Db
  /** Milliseconds since the epoch. */
  now: () => number
  randomBytes: (n: number) => Uint8Array
  /**
   * The installation's activity-log keys (kept outside the database). Without them new entries
   * are chained with plain SHA-256 and no checkpoint is signed: only tests and tools run so.
   */
  logKeys?: LogKeys | null
  /** Seals log-stream secrets at rest; the database file itself when not given. */
  secretBox?: SecretBox
}

export function defaultDeps(db: Db): EngineDeps {
  return { db, now: () => Date.now(), randomBytes: (n) => randomBytes(n) }
}

/** Who performs an admin action (recorded in the activity log). */
export interface Actor {
  userId: number
  organizationId: number
}

export const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Wraps a service operation in a transaction that takes the write lock at BEGIN IMMEDIATE. A
 * deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
 * process (serve, the CLI) committed in between, whatever the busy timeout; an immediate one
 * waits for the lock instead. Nested calls become savepoints.
 */
export function writeTransaction<A extends unknown[], R>(
  db: Db,
  fn: (...args: A) => R,
): (...args: A) => R {
  const tx = db.transaction(fn)
  return (...args: A) => tx.immediate(...args)
}
