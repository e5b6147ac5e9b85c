import { appendFileSync, existsSync, statSync } from 'node:fs'
import { dirname, isAbsolute } from 'node:path'
import type {
  CheckpointInfo,
  ProofStatus,
  VerifyResult,
} from '../../../shared/contracts/activity.contract'
import { activityProofsRepo, type SignedCheckpointRow } from '../../db/repos/activity-proofs.repo'
import { activityRepo } from '../../db/repos/activity.repo'
import type { Actor, EngineDeps } from '../deps'
import { invalid, notFound } from '../errors'
import { readAnchorFile } from './anchor'
import { ENTRY_FIELDS, entryContent } from './chain'
import { anchorLine } from './checkpoints'
import { publicKeyFingerprint, writeKeyFile } from './log-keys'
import { consistencyPath, inclusionPath } from './merkle'
import type { ConsistencyProof, InclusionProof } from './proof-format'
import type { ActivityRecorder } from './recorder'
import { verifierKey } from './signed-note'
import { verifyChain, type VerifyOptions } from './verify'

const b64 = (h: Buffer) => h.toString('base64')

const info = (r: SignedCheckpointRow): CheckpointInfo => ({
  id: r.id,
  treeSize: r.tree_size,
  lastId: r.last_id,
  root: b64(r.root),
  time: r.ts,
  note: r.note,
})

/**
 * What the activity log can prove about itself: inclusion proofs of single entries,
 * consistency proofs between checkpoints, the signed checkpoints, the anchor file and the full
 * verification (chain parts, tree and checkpoints, optionally against an anchor file).
 */
export function activityProofsService(deps: EngineDeps, recorder: ActivityRecorder) {
  const repo = activityProofsRepo(deps.db)
  const entries = activityRepo(deps.db)
  const { tree } = recorder
  const keys = deps.logKeys ?? null
  const requireKeys = () => {
    if (!keys) throw invalid('This process holds no activity log key, so it cannot sign or prove')
    return keys
  }

  function status(): ProofStatus {
    const latest = repo.latestCheckpoint()
    const head = entries.last()?.id ?? 0
    return {
      keyed: keys !== null,
      fingerprint: keys ? publicKeyFingerprint(keys.publicKey) : null,
      verifierKey: keys ? verifierKey(keys.origin, keys.publicKey) : null,
      anchorPath: repo.anchorPath(),
      treeBase: tree.base(),
      treeSize: Math.max(0, head - tree.base()),
      checkpointCount: repo.checkpointCount(),
      latest: latest ? info(latest) : null,
    }
  }

  /** The newest checkpoint that covers leaf `index`, signing one now when none does yet. */
  function checkpointFor(orgId: number, index: number): SignedCheckpointRow {
    const covering = repo.checkpointCovering(index + 1)
    if (covering) return covering
    requireKeys()
    return recorder.checkpointNow(orgId)
  }

  function prove(orgId: number, id: number): InclusionProof {
    const k = requireKeys()
    const row = entries.get(id)
    if (!row || row.organization_id !== orgId) throw notFound('Activity entry', id)
    const index = tree.leafIndex(id)
    if (index === null) {
      throw invalid(
        `Entry ${id} was written before this version began the Merkle tree (after entry ${tree.base()}): the chain covers it, a proof of its own cannot`,
        'id',
      )
    }
    const cp = checkpointFor(orgId, index)
    return {
      format: 'tessera-inclusion-proof/1',
      entry: Object.fromEntries(ENTRY_FIELDS.map((f) => [f, row[f]])) as InclusionProof['entry'],
      leafData: entryContent(row),
      leafIndex: index,
      treeSize: cp.tree_size,
      auditPath: inclusionPath(tree.source, index, cp.tree_size).map(b64),
      checkpoint: cp.note,
      verifierKey: verifierKey(k.origin, k.publicKey),
    }
  }

  function proveConsistency(fromId: number, toId: number): ConsistencyProof {
    const k = requireKeys()
    const a = repo.checkpoint(fromId)
    const b = repo.checkpoint(toId)
    if (!a) throw notFound('Checkpoint', fromId)
    if (!b) throw notFound('Checkpoint', toId)
    if (a.tree_size > b.tree_size)
      throw invalid(`Checkpoint ${fromId} is newer than ${toId}: name the older one first`)
    return {
      format: 'tessera-consistency-proof/1',
      from: a.note,
      to: b.note,
      proof: consistencyPath(tree.source, a.tree_size, b.tree_size).map(b64),
      verifierKey: verifierKey(k.origin, k.publicKey),
    }
  }

  /**
   * Sets the anchor file (an absolute path, e.g. on another disk) and writes every stored
   * checkpoint to it, so it starts with the whole history; null stops appending.
   */
  function setAnchorPath(actor: Actor, path: string | null): ProofStatus {
    const k = requireKeys()
    if (path !== null) {
      if (!isAbsolute(path)) throw invalid('The anchor file needs an absolute path', 'path')
      if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory())
        throw invalid(`The folder ${dirname(path)} does not exist`, 'path')
      if (existsSync(path) && statSync(path).size > 0) {
        try {
          readAnchorFile(path, verifierKey(k.origin, k.publicKey))
        } catch (err) {
          throw invalid(
            `${path} is not this installation's anchor file: ${(err as Error).message}`,
            'path',
          )
        }
      }
    }
    deps.db
      .transaction(() => {
        repo.setAnchorPath(path)
        recorder.admin(actor, { action: 'activity.anchor', details: { path } })
      })
      .immediate()
    if (path !== null && !(existsSync(path) && statSync(path).size > 0)) {
      const all = repo.allCheckpoints()
      appendFileSync(path, all.map((r) => anchorLine(r, k)).join(''), { mode: 0o600 })
    }
    return status()
  }

  /** Writes the installation key for safe keeping (refuses to replace a file). */
  function exportKey(actor: Actor, path: string): { path: string } {
    const k = requireKeys()
    if (!isAbsolute(path)) throw invalid('The key file needs an absolute path', 'path')
    if (existsSync(path)) throw invalid(`${path} exists; choose a new file`, 'path')
    writeKeyFile(path, k)
    recorder.admin(actor, { action: 'activity.key_export', details: {} })
    return { path }
  }

  async function verify(
    options: VerifyOptions & { anchorFile?: string } = {},
  ): Promise<VerifyResult> {
    const anchors = options.anchorFile
      ? readAnchorFile(
          options.anchorFile,
          keys ? verifierKey(keys.origin, keys.publicKey) : undefined,
        )
      : options.anchors
    return verifyChain(entries, { ...options, anchors, proofs: { repo, tree, keys } })
  }

  return {
    status,
    checkpoints: (limit = 50) => repo.checkpoints(limit).map(info),
    checkpoint: (id: number) => {
      const r = repo.checkpoint(id)
      if (!r) throw notFound('Checkpoint', id)
      return info(r)
    },
    checkpointNow: (actor: Actor) => info(recorder.checkpointNow(actor.organizationId)),
    prove,
    proveConsistency,
    setAnchorPath,
    exportKey,
    verify,
    /** Hears of every checkpoint once its transaction committed (log streams send them on). */
    onCheckpoint: (listener: (c: CheckpointInfo) => void) =>
      recorder.checkpoints?.onCheckpoint((r) => listener(info(r))) ?? (() => {}),
  }
}
export type ActivityProofsService = ReturnType<typeof activityProofsService>
