import { randomBytes } from 'node:crypto'
import type { Db } from '../db/open'

/** What the engine needs from the outside world; tests pass fixed clocks and random sources. */
export interface EngineDeps {
  db: Db
  /** Milliseconds since the epoch. */
  now: () => number
  randomBytes: (n: number) => Uint8Array
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
