import type { ActivityProofsRepo } from '../../db/repos/activity-proofs.repo'
import { entryContent } from './chain'
import { Frontier, leafHash, nodeHash, type SubtreeSource } from './merkle'

/** Subtrees of 2^8 = 256 leaves and more are stored; smaller ones are hashed from the entries. */
export const STORED_LEVEL = 8
const BLOCK = 1 << STORED_LEVEL

/**
 * The activity log's Merkle tree as the database holds it: leaf i is the entry with id
 * tree_base + 1 + i, its data the entry's canonical content (see chain.ts).
 */
export function activityTree(repo: ActivityProofsRepo) {
  // Fixed when the tree was created.
  let treeBase: number | null = null
  const base = () => (treeBase ??= repo.treeBase())

  /** Leaf hashes [start, start + count): from the entries, or kept ones for purged entries. */
  function leaves(start: number, count: number): Buffer[] {
    const b = base()
    const out: (Buffer | undefined)[] = new Array<Buffer | undefined>(count)
    for (const row of repo.entries(b + 1 + start, b + start + count))
      out[row.id - b - 1 - start] = leafHash(entryContent(row))
    if (out.includes(undefined) || out.length !== count) {
      for (const n of repo.nodes(0, start, start + count)) out[n.idx - start] ??= n.hash
    }
    return out.map((h, i) => {
      if (!h) throw new Error(`leaf ${start + i} (entry ${b + 1 + start + i}) is missing`)
      return h
    })
  }

  const source: SubtreeSource = {
    perfect(start, size) {
      if (size >= BLOCK) {
        const stored = repo.node(Math.log2(size), start / size)
        if (stored) return stored
        const half = size / 2
        return nodeHash(source.perfect(start, half), source.perfect(start + half, half))
      }
      let level = leaves(start, size)
      while (level.length > 1) {
        const next: Buffer[] = []
        for (let i = 0; i < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!))
        level = next
      }
      return level[0]!
    },
  }

  /** The right edge of the tree of `size` leaves, from stored subtrees and at most 255 leaves. */
  function frontierAt(size: number): Frontier {
    const hashes: Buffer[] = []
    let start = 0
    for (let bit = 2 ** Math.floor(Math.log2(Math.max(size, 1))); bit >= 1; bit /= 2) {
      if (Math.floor(size / bit) % 2 === 1) {
        hashes.push(source.perfect(start, bit))
        start += bit
      }
    }
    return new Frontier(size, hashes)
  }

  /** Keeps a subtree the appender completed, when it is one of the stored sizes. */
  function completed(level: number, index: number, hash: Buffer): void {
    if (level >= STORED_LEVEL) repo.putNode(level, index, hash)
  }

  /**
   * Before the entries `firstId`…`lastId` are purged: keeps the leaf hashes that no stored
   * subtree covers yet and that proofs will still need — those of the block the purge ends in
   * (for the entries after it) and of every block a checkpoint's size falls in (for consistency
   * proofs from that checkpoint).
   */
  function beforePurge(firstId: number, lastId: number): void {
    const from = Math.max(0, firstId - base() - 1)
    const to = lastId - base()
    if (to <= 0) return
    const blocks = new Set<number>()
    if (to % BLOCK !== 0) blocks.add(Math.floor(to / BLOCK) * BLOCK)
    for (const size of repo.checkpointSizesBetween(from - BLOCK, to + BLOCK))
      if (size % BLOCK !== 0) blocks.add(Math.floor(size / BLOCK) * BLOCK)
    for (const b of blocks) {
      const start = Math.max(b, from)
      const end = Math.min(b + BLOCK, to)
      if (end <= start) continue
      leaves(start, end - start).forEach((h, i) => repo.putNode(0, start + i, h))
    }
  }

  return {
    base,
    source,
    leaves,
    frontierAt,
    completed,
    beforePurge,
    /** The leaf index of an entry, or null when the tree does not cover it. */
    leafIndex: (id: number) => (id > base() ? id - base() - 1 : null),
  }
}
export type ActivityTree = ReturnType<typeof activityTree>
