import { activityRepo, type ActivityInsert } from '../../db/repos/activity.repo'
import type { Actor, EngineDeps } from '../deps'
import { activityProofsRepo } from '../../db/repos/activity-proofs.repo'
import { activityBudget } from './budget'
import { checkpointWriter } from './checkpoints'
import { legacyWriter, logWriter } from './log-writer'
import { refusalSummarizer, type RefusalInput } from './refusals'
import { activityTree } from './tree'

export type ApiEntry = Omit<ActivityInsert, 'kind' | 'action' | 'target_user_id' | 'ts'> & {
  ts?: number
  action?: string | null
  target_user_id?: number | null
}

export interface AdminEntry {
  action: string
  targetUserId?: number | null
  projectId?: number | null
  workspaceId?: number | null
  details?: Record<string, unknown>
}

const NULL_API_FIELDS = {
  token_id: null,
  ip: null,
  user_agent: null,
  method: null,
  url: null,
  status: null,
  duration_ms: null,
} as const

/**
 * Appends activity entries to the hash chain. Each append is its own IMMEDIATE transaction that
 * reads the chain head inside it, so two processes on one file never fork the chain, and the
 * entry is committed (durable against a killed process) before the caller answers.
 */
export function activityRecorder(
  deps: EngineDeps,
  notify?: (lastId: number) => void,
  /** `proofs: false`: the plain SHA-256 chain alone, no tree (the bench's baseline of before). */
  options: { proofs?: boolean } = {},
) {
  const repo = activityRepo(deps.db)
  const budget = activityBudget(deps.db, deps.now)
  const onAppended = (lastId: number) => {
    budget.appended(lastId)
    notify?.(lastId)
  }
  // A file before the proofs tables (tests that build an old schema) chains as before.
  const proofsReady =
    options.proofs !== false &&
    deps.db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'activity_tree_state'")
      .get()
  const proofs = activityProofsRepo(deps.db)
  const tree = activityTree(proofs)
  const checkpoints = proofsReady && deps.logKeys ? checkpointWriter(proofs, deps.logKeys) : null
  const chain = proofsReady
    ? logWriter(proofs, tree, deps.logKeys ?? null, checkpoints, deps.now)
    : legacyWriter
  const emailOf = deps.db.prepare<[number], { email: string }>(
    'SELECT email FROM users WHERE id = ?',
  )

  // Appends in one transaction: the head is read once and the rest chained in memory, as
  // inside the IMMEDIATE transaction nobody else can append in between. After a purge of
  // everything the chain continues from the checkpoint, never from genesis. The chain, the
  // Merkle tree and any checkpoint due are written in the same transaction (log-writer.ts);
  // checkpoints only in a transaction of its own, never nested in a service's that may roll
  // back after it.
  const appendTx = deps.db.transaction((entries: ActivityInsert[], topLevel: boolean) => {
    const head = repo.head()
    const batch = chain.begin(head, topLevel)
    let id = head?.id ?? 0
    let prev: Buffer = head?.hash ?? batch.genesis
    const ids = entries.map((entry) => {
      const base = { ...entry, id: ++id, prev_hash: prev }
      prev = batch.add(base)
      repo.insert({ ...base, hash: prev })
      return id
    })
    batch.finish()
    return { ids, batch }
  })
  const appendMany = {
    immediate(entries: ActivityInsert[]): number[] {
      const topLevel = !deps.db.inTransaction
      const { ids, batch } = appendTx.immediate(entries, topLevel)
      batch.commit()
      return ids
    },
  }

  // Group commit: entries queued during one turn of the event loop are written in one IMMEDIATE
  // transaction, and each caller hears back only after that commit. Every commit costs the WAL
  // frames of ten B-trees (and, now and then, a checkpoint with fsync), so sharing it is what
  // lets the API record many concurrent requests per second without weakening durability.
  type Waiter = {
    entry: ActivityInsert
    resolve: (id: number) => void
    reject: (e: unknown) => void
  }
  let queue: Waiter[] = []
  function flush() {
    const batch = queue
    queue = []
    let ids: number[]
    try {
      ids = appendMany.immediate(batch.map((w) => w.entry))
    } catch {
      // One bad entry must not fail its neighbours: retry each in its own transaction.
      for (const w of batch) {
        try {
          w.resolve(write(w.entry))
        } catch (err) {
          w.reject(err)
        }
      }
      return
    }
    onAppended?.(ids[ids.length - 1]!)
    batch.forEach((w, i) => w.resolve(ids[i]!))
  }
  const enqueue = (entry: ActivityInsert) =>
    new Promise<number>((resolve, reject) => {
      if (queue.push({ entry, resolve, reject }) === 1) setImmediate(flush)
    })

  // Summaries are bounded by construction, so they are written even over the size budget: they
  // are the only trace of the requests they count.
  const refusals = refusalSummarizer({
    now: deps.now,
    write: (entries) => {
      const ids = appendMany.immediate(entries)
      if (ids.length) onAppended(ids[ids.length - 1]!)
    },
    onError: (err) => console.error('[activity] could not write refusal summaries', err),
  })

  function write(entry: ActivityInsert): number {
    const id = appendMany.immediate([entry])[0]!
    onAppended?.(id)
    return id
  }

  return {
    /** One API request (or sign-in attempt). Throws BudgetFullError when the log is full. */
    api(entry: ApiEntry): number {
      budget.assertRoom()
      return write({
        action: null,
        target_user_id: null,
        ...entry,
        ts: entry.ts ?? deps.now(),
        kind: 'api',
      })
    },
    /**
     * The same as `api`, committed together with the other entries of this event-loop turn (group
     * commit). Resolves with the id once the entry is durable; answer the request after that.
     */
    apiBatched(entry: ApiEntry): Promise<number> {
      try {
        budget.assertRoom()
      } catch (err) {
        return Promise.reject(err)
      }
      return enqueue({
        action: null,
        target_user_id: null,
        ...entry,
        ts: entry.ts ?? deps.now(),
        kind: 'api',
      })
    },
    /**
     * A request refused before it was served (unauthenticated, throttled, wrong host or
     * origin): the first few per key and minute are written one by one like `apiBatched` (and
     * durable before the answer), the rest counted into one summary entry per key and minute.
     * Resolves with the entry id, or null when the refusal was only counted. Over the size
     * budget every refusal is counted, none written one by one.
     */
    refused(refusal: RefusalInput): Promise<number | null> {
      const entry = refusals.note({ ...refusal, ts: deps.now() }, budget.full())
      return entry ? enqueue(entry) : Promise.resolve(null)
    },
    /** Writes the summaries of ended minutes now (`all`: every count, as at shutdown). */
    flushRefusals: (all = false) => refusals.flush(all),
    /** Refusals counted and not yet in a summary entry. */
    pendingRefusals: () => refusals.pending(),
    /** Stops the summary timer after writing every count (shutdown). */
    close: () => refusals.close(),
    /** The log's size against its budget (see budget.ts). */
    budget,
    /** The Merkle tree over the entries (proofs read it). */
    tree,
    /** Checkpoint signing, or null without the installation's keys. */
    checkpoints,
    /** Signs a checkpoint of the current head at once. */
    checkpointNow(orgId: number) {
      const { row, publish } = deps.db
        .transaction(() => chain.checkpointNow(repo.head(), orgId))
        .immediate()
      publish()
      return row
    },
    /**
     * An entry Tessera writes on its own (no member did it): a log stream's state change, a
     * retention gap. Call inside the service's transaction.
     */
    system(organizationId: number, entry: AdminEntry): number {
      return write({
        ...NULL_API_FIELDS,
        organization_id: organizationId,
        ts: deps.now(),
        kind: 'admin',
        actor_id: null,
        actor_email: null,
        project_id: entry.projectId ?? null,
        workspace_id: entry.workspaceId ?? null,
        action: entry.action,
        target_user_id: entry.targetUserId ?? null,
        details: entry.details ? JSON.stringify(entry.details) : null,
      })
    },
    /** One admin change, done by `actor`. Call inside the service's transaction. */
    admin(actor: Actor, entry: AdminEntry): number {
      return write({
        ...NULL_API_FIELDS,
        organization_id: actor.organizationId,
        ts: deps.now(),
        kind: 'admin',
        actor_id: actor.userId,
        actor_email: emailOf.get(actor.userId)?.email ?? null,
        project_id: entry.projectId ?? null,
        workspace_id: entry.workspaceId ?? null,
        action: entry.action,
        target_user_id: entry.targetUserId ?? null,
        details: entry.details ? JSON.stringify(entry.details) : null,
      })
    },
  }
}
export type ActivityRecorder = ReturnType<typeof activityRecorder>
