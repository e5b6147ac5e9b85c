import type { Statement } from 'better-sqlite3'
import type { Db } from '../open'
import type { ActivityRow } from './activity.repo'

/** One part of the chain: SHA-256 (`key_id` null) or HMAC under the named installation key. */
export interface ChainSegment {
  first_id: number
  key_id: string | null
  prev_hash: Buffer
  started_at: number
}

export interface SignedCheckpointRow {
  id: number
  tree_size: number
  last_id: number
  root: Buffer
  chain_hash: Buffer
  ts: number
  note: string
}

/** The chain's segments, the Merkle tree's stored subtrees and the signed checkpoints. */
export function activityProofsRepo(db: Db) {
  // Prepared on first use: an engine may be built over a file that has not these tables yet.
  const lazy = <P extends unknown[] | object, R = unknown>(sql: string) => {
    let stmt: Statement<P, R> | null = null
    return () => (stmt ??= db.prepare<P, R>(sql))
  }
  const state = lazy<[], { tree_base: number; anchor_path: string | null }>(
    'SELECT tree_base, anchor_path FROM activity_tree_state WHERE id = 1',
  )
  const setAnchor = lazy<[string | null]>(
    'UPDATE activity_tree_state SET anchor_path = ? WHERE id = 1',
  )
  const segments = lazy<[], ChainSegment>('SELECT * FROM activity_chain_segments ORDER BY first_id')
  const lastSegment = lazy<[], ChainSegment>(
    'SELECT * FROM activity_chain_segments ORDER BY first_id DESC LIMIT 1',
  )
  const addSegment = lazy<ChainSegment>(
    `INSERT OR REPLACE INTO activity_chain_segments (first_id, key_id, prev_hash, started_at)
     VALUES (@first_id, @key_id, @prev_hash, @started_at)`,
  )
  const node = lazy<[number, number], { hash: Buffer }>(
    'SELECT hash FROM activity_tree_nodes WHERE level = ? AND idx = ?',
  )
  const nodes = lazy<[number, number, number], { idx: number; hash: Buffer }>(
    'SELECT idx, hash FROM activity_tree_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx',
  )
  const putNode = lazy<[number, number, Buffer]>(
    'INSERT OR REPLACE INTO activity_tree_nodes (level, idx, hash) VALUES (?, ?, ?)',
  )
  const range = lazy<[number, number], ActivityRow>(
    'SELECT * FROM activity_entries WHERE id >= ? AND id <= ? ORDER BY id',
  )
  const addCheckpoint = lazy<Omit<SignedCheckpointRow, 'id'>>(
    `INSERT INTO activity_signed_checkpoints (tree_size, last_id, root, chain_hash, ts, note)
     VALUES (@tree_size, @last_id, @root, @chain_hash, @ts, @note)`,
  )
  const latestCheckpoint = lazy<[], SignedCheckpointRow>(
    'SELECT * FROM activity_signed_checkpoints ORDER BY id DESC LIMIT 1',
  )
  const checkpointById = lazy<[number], SignedCheckpointRow>(
    'SELECT * FROM activity_signed_checkpoints WHERE id = ?',
  )
  const checkpointCovering = lazy<[number], SignedCheckpointRow>(
    'SELECT * FROM activity_signed_checkpoints WHERE tree_size >= ? ORDER BY tree_size DESC, id DESC LIMIT 1',
  )
  const checkpoints = lazy<{ limit: number }, SignedCheckpointRow>(
    'SELECT * FROM activity_signed_checkpoints ORDER BY id DESC LIMIT @limit',
  )
  const allCheckpoints = lazy<[], SignedCheckpointRow>(
    'SELECT * FROM activity_signed_checkpoints ORDER BY tree_size, id',
  )
  const sizesBetween = lazy<[number, number], { tree_size: number }>(
    'SELECT DISTINCT tree_size FROM activity_signed_checkpoints WHERE tree_size > ? AND tree_size < ?',
  )
  const checkpointCount = lazy<[], { n: number }>(
    'SELECT count(*) AS n FROM activity_signed_checkpoints',
  )
  return {
    treeBase: () => state().get()!.tree_base,
    anchorPath: () => state().get()!.anchor_path,
    setAnchorPath: (path: string | null) => void setAnchor().run(path),
    segments: () => segments().all(),
    lastSegment: () => lastSegment().get(),
    addSegment: (s: ChainSegment) => void addSegment().run(s),
    node: (level: number, idx: number) => node().get(level, idx)?.hash,
    nodes: (level: number, from: number, to: number) => nodes().all(level, from, to),
    putNode: (level: number, idx: number, hash: Buffer) => void putNode().run(level, idx, hash),
    entries: (fromId: number, toId: number) => range().all(fromId, toId),
    addCheckpoint: (c: Omit<SignedCheckpointRow, 'id'>) =>
      Number(addCheckpoint().run(c).lastInsertRowid),
    latestCheckpoint: () => latestCheckpoint().get(),
    checkpoint: (id: number) => checkpointById().get(id),
    /** The newest checkpoint whose tree holds at least `size` leaves. */
    checkpointCovering: (size: number) => checkpointCovering().get(size),
    checkpoints: (limit: number) => checkpoints().all({ limit }),
    allCheckpoints: () => allCheckpoints().all(),
    /** Tree sizes of checkpoints strictly between `lo` and `hi`. */
    checkpointSizesBetween: (lo: number, hi: number) =>
      sizesBetween()
        .all(lo, hi)
        .map((r) => r.tree_size),
    checkpointCount: () => checkpointCount().get()!.n,
  }
}
export type ActivityProofsRepo = ReturnType<typeof activityProofsRepo>
