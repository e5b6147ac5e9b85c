import type { ActivityRepo } from '../../db/repos/activity.repo'
import { DAY_MS, type EngineDeps } from '../deps'

/** Keep every purge transaction well under 100 ms: the batch size adapts to this budget. */
const TARGET_MS = 15
const MIN_BATCH = 50
const MAX_BATCH = 500

/**
 * Entries retention must keep for someone else (log streams that have not delivered them yet).
 * Both calls run inside the purge transaction.
 */
export interface RetentionHold {
  /** Entries after `afterId` written at or after `since` are held; null when nothing is. */
  held(now: number): { afterId: number; since: number } | null
  /** Entries up to `lastId` were deleted (a holder that had not had them records the gap). */
  purged(lastId: number, now: number): void
}

export interface RetentionHooks {
  /** Entries someone else still needs (log streams behind), read in each purge transaction. */
  hold?: () => RetentionHold | undefined
  /** Runs in the purge's transaction before the entries firstId…lastId are deleted (the tree keeps what proofs need). */
  beforeDelete?: (firstId: number, lastId: number) => void
}

export interface PurgeResult {
  deleted: number
  batches: number
  /** The longest single transaction, ms. */
  maxBatchMs: number
}

/**
 * Deletes expired entries from the old end of the chain, one short IMMEDIATE transaction per
 * batch. Only a run of consecutive ids is deleted (stopping at the first entry still within
 * its organization's retention), so what remains is one unbroken chain, and the checkpoint
 * (last purged id and hash) written in the same transaction is where verification resumes.
 * The URL search index forgets purged entries later, in its own background job. A hold (log
 * streams behind) stops the purge before entries still owed to a receiver.
 */
export function retentionPurger(deps: EngineDeps, repo: ActivityRepo, hooks: RetentionHooks = {}) {
  const purgeBatch = deps.db.transaction((limit: number): number => {
    const now = deps.now()
    const held = hooks.hold?.()
    const keep = held?.held(now) ?? null
    const cutoffs = new Map(repo.retentionDays().map((o) => [o.id, now - o.days * DAY_MS]))
    const oldest = repo.oldest(limit)
    let last: (typeof oldest)[number] | undefined
    for (const row of oldest) {
      const cutoff = cutoffs.get(row.organization_id) ?? now - 180 * DAY_MS
      if (row.ts >= cutoff || (keep !== null && row.id > keep.afterId && row.ts >= keep.since))
        break
      last = row
    }
    if (!last) return 0
    hooks.beforeDelete?.(oldest[0]!.id, last.id)
    const deleted = repo.deleteUpTo(last.id)
    repo.saveCheckpoint(last.id, last.hash, deleted, now)
    held?.purged(last.id, now)
    return deleted
  })

  /** One batch, timed. */
  function step(limit: number): { deleted: number; ms: number } {
    const started = performance.now()
    const deleted = purgeBatch.immediate(limit)
    return { deleted, ms: performance.now() - started }
  }

  /**
   * Purges until nothing is expired, yielding to the event loop between batches so the app
   * and the API keep answering during a purge of millions.
   */
  async function purgeExpired(options: { signal?: AbortSignal } = {}): Promise<PurgeResult> {
    const result: PurgeResult = { deleted: 0, batches: 0, maxBatchMs: 0 }
    // Start small: the first batch's cost is unknown (index count, disk, load).
    let limit = 200
    for (;;) {
      if (options.signal?.aborted) break
      const { deleted, ms } = step(limit)
      if (deleted === 0) break
      result.deleted += deleted
      result.batches++
      result.maxBatchMs = Math.max(result.maxBatchMs, ms)
      if (ms > TARGET_MS) limit = Math.max(MIN_BATCH, Math.floor(limit / 2))
      else if (ms < TARGET_MS / 2) limit = Math.min(MAX_BATCH, limit * 2)
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    return result
  }

  return { purgeExpired, step }
}
export type RetentionPurger = ReturnType<typeof retentionPurger>
