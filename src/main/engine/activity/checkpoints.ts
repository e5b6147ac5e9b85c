import { appendFileSync } from 'node:fs'
import type { ActivityProofsRepo, SignedCheckpointRow } from '../../db/repos/activity-proofs.repo'
import type { LogKeys } from './log-keys'
import type { Frontier } from './merkle'
import { checkpointText, signNote, verifierKey } from './signed-note'

/** A checkpoint is due every this many entries, and at least hourly while entries arrive. */
export const CHECKPOINT_EVERY = 10_000
export const CHECKPOINT_MAX_AGE_MS = 60 * 60 * 1000

export type CheckpointListener = (checkpoint: SignedCheckpointRow) => void

/** Signs and stores checkpoints; after the commit, appends them to the anchor file and tells listeners. */
export function checkpointWriter(repo: ActivityProofsRepo, keys: LogKeys) {
  const listeners = new Set<CheckpointListener>()

  function write(f: Frontier, lastId: number, chainHash: Buffer, orgId: number, now: number) {
    const body = {
      origin: keys.origin,
      treeSize: f.size,
      root: f.root(),
      organizationId: orgId,
      lastId,
      chainHash,
      time: now,
    }
    const note = signNote(checkpointText(body), keys.origin, keys.signingKey)
    const row = {
      tree_size: f.size,
      last_id: lastId,
      root: body.root,
      chain_hash: chainHash,
      ts: now,
      note,
    }
    return { ...row, id: repo.addCheckpoint(row) }
  }

  /** Call once the transaction that wrote them has committed. */
  function published(rows: SignedCheckpointRow[]): void {
    if (rows.length === 0) return
    const anchor = repo.anchorPath()
    if (anchor) {
      try {
        appendFileSync(anchor, rows.map((r) => anchorLine(r, keys)).join(''), { mode: 0o600 })
      } catch (err) {
        console.error(
          `[activity] could not append the checkpoint to the anchor file ${anchor}`,
          err,
        )
      }
    }
    for (const r of rows) for (const l of listeners) l(r)
  }

  return {
    write,
    published,
    onCheckpoint(listener: CheckpointListener): () => void {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
export type CheckpointWriter = ReturnType<typeof checkpointWriter>

/** One line of an anchor file: JSON with the signed note and the key that verifies it. */
export const anchorLine = (r: SignedCheckpointRow, keys: LogKeys) =>
  JSON.stringify({ checkpoint: r.note, verifierKey: verifierKey(keys.origin, keys.publicKey) }) +
  '\n'
