import type { ActivityInsert } from '../../db/repos/activity.repo'
import type {
  ActivityProofsRepo,
  ChainSegment,
  SignedCheckpointRow,
} from '../../db/repos/activity-proofs.repo'
import { GENESIS_HASH, chainHash, entryContent, keyedChain } from './chain'
import { CHECKPOINT_EVERY, CHECKPOINT_MAX_AGE_MS, type CheckpointWriter } from './checkpoints'
import type { LogKeys } from './log-keys'
import { leafHash, type Frontier } from './merkle'
import type { ActivityTree } from './tree'

interface State {
  lastId: number
  lastHash: Buffer
  frontier: Frontier
  segment: ChainSegment
  checkpointSize: number
  checkpointTs: number | null
}

/**
 * The append side of the chain, the tree and the checkpoints, for one transaction of the
 * recorder. The tree's right edge is kept in memory between transactions and trusted only while
 * the head is the one this process wrote last (another process, or a rolled-back transaction,
 * means it is read again from the stored subtrees).
 */
export function logWriter(
  proofs: ActivityProofsRepo,
  tree: ActivityTree,
  keys: LogKeys | null,
  checkpoints: CheckpointWriter | null,
  now: () => number,
) {
  let cache: State | null = null
  const keyId = keys?.keyId ?? null
  const chain = keys ? keyedChain(keys.hmacKey) : (prev: Buffer, c: string) => chainHash(prev, c)

  function load(headId: number, headHash: Buffer): State {
    const latest = proofs.latestCheckpoint()
    return {
      lastId: headId,
      lastHash: headHash,
      frontier: tree.frontierAt(Math.max(0, headId - tree.base())),
      segment: proofs.lastSegment()!,
      checkpointSize: latest?.tree_size ?? 0,
      checkpointTs: latest?.ts ?? null,
    }
  }

  /** Starts a batch on top of `head`; `checkpoint`: this is a top-level transaction. */
  function begin(head: { id: number; hash: Buffer } | undefined, checkpoint: boolean) {
    const headId = head?.id ?? 0
    const headHash = head?.hash ?? GENESIS_HASH
    const valid = cache && cache.lastId === headId && cache.lastHash.equals(headHash)
    const base = valid ? cache! : load(headId, headHash)
    const s: State = { ...base, frontier: base.frontier.clone() }
    const written: SignedCheckpointRow[] = []
    let orgId = 0

    return {
      genesis: GENESIS_HASH,
      /** Chains one entry; returns its hash. A part with no entries yet is relabelled in place. */
      add(entry: ActivityInsert & { id: number; prev_hash: Buffer }): Buffer {
        if (s.segment.key_id !== keyId) {
          s.segment = {
            first_id: entry.id,
            key_id: keyId,
            prev_hash: entry.prev_hash,
            started_at: now(),
          }
          proofs.addSegment(s.segment)
        }
        const content = entryContent(entry)
        const hash = chain(entry.prev_hash, content)
        if (entry.id > tree.base()) s.frontier.append(leafHash(content), tree.completed)
        s.lastId = entry.id
        s.lastHash = hash
        orgId = entry.organization_id
        return hash
      },
      /** Writes a checkpoint when one is due (inside the transaction). */
      finish(): void {
        if (!checkpoints || !checkpoint || s.frontier.size <= s.checkpointSize) return
        const t = now()
        const due =
          Math.floor(s.frontier.size / CHECKPOINT_EVERY) >
            Math.floor(s.checkpointSize / CHECKPOINT_EVERY) ||
          s.checkpointTs === null ||
          t - s.checkpointTs >= CHECKPOINT_MAX_AGE_MS
        if (!due) return
        written.push(checkpoints.write(s.frontier, s.lastId, s.lastHash, orgId, t))
        s.checkpointSize = s.frontier.size
        s.checkpointTs = t
      },
      /** After the transaction returned: keep the state, publish the checkpoints. */
      commit(): void {
        cache = s
        checkpoints?.published(written)
      },
    }
  }

  /** Writes a checkpoint of the current head now (`tessera activity checkpoint --new`). */
  function checkpointNow(head: { id: number; hash: Buffer } | undefined, orgId: number) {
    if (!checkpoints) throw new Error('no signing key: this process cannot sign checkpoints')
    const headId = head?.id ?? 0
    const s = load(headId, head?.hash ?? GENESIS_HASH)
    const row = checkpoints.write(s.frontier, headId, s.lastHash, orgId, now())
    return { row, publish: () => checkpoints.published([row]) }
  }

  return { begin, checkpointNow }
}
export type LogWriter = ReturnType<typeof logWriter>

/** The plain SHA-256 chain alone, for a file whose schema predates the proofs tables. */
export const legacyWriter: LogWriter = {
  begin: () => ({
    genesis: GENESIS_HASH,
    add: (entry) => chainHash(entry.prev_hash, entryContent(entry), null),
    finish: () => {},
    commit: () => {},
  }),
  checkpointNow: () => {
    throw new Error('this database has no checkpoints yet')
  },
}
