import type { ActivityRow } from '../../db/repos/activity.repo'
import { ENTRY_FIELDS, entryContent } from './chain'
import { leafHash, rootFromInclusion, verifyConsistency } from './merkle'
import { openNote, parseCheckpointText, parseVerifierKey, type CheckpointBody } from './signed-note'

/**
 * The proof files `tessera activity prove` writes. Everything needed to check one is inside
 * but the public key: the entry, the exact bytes its leaf hashes, the audit path and the signed
 * checkpoint. The README shows the same check done with `sha256sum`.
 */
export interface InclusionProof {
  format: 'tessera-inclusion-proof/1'
  entry: Record<(typeof ENTRY_FIELDS)[number], unknown>
  /** The canonical content of the entry: leaf hash = SHA-256(0x00 ‖ these UTF-8 bytes). */
  leafData: string
  leafIndex: number
  treeSize: number
  /** Base64 SHA-256 hashes, from the leaf's sibling up to the root's child (RFC 9162 §2.1.3). */
  auditPath: string[]
  /** The C2SP signed note holding the C2SP tlog-checkpoint the path leads to. */
  checkpoint: string
  /** The signing key as signed-note verifiers take it (compare its fingerprint in Settings). */
  verifierKey: string
}

export interface ConsistencyProof {
  format: 'tessera-consistency-proof/1'
  from: string
  to: string
  /** Base64 hashes of RFC 9162 §2.1.4. */
  proof: string[]
  verifierKey: string
}

export type ProofCheck =
  | { ok: true; message: string; checkpoint: CheckpointBody; to?: CheckpointBody }
  | { ok: false; message: string }

const fail = (message: string): ProofCheck => ({ ok: false, message })

function openCheckpoint(note: string, key: { name: string; publicKey: Buffer }) {
  const text = openNote(note, key.name, key.publicKey)
  return text ? parseCheckpointText(text) : null
}

/** Checks an inclusion or consistency proof with nothing but the verifier key. */
export function checkProof(proof: unknown, verifier: string): ProofCheck {
  let key: { name: string; publicKey: Buffer }
  try {
    key = parseVerifierKey(verifier)
  } catch (err) {
    return fail((err as Error).message)
  }
  // The file is untrusted input: every field is checked before use.
  const p = (proof ?? {}) as {
    format?: unknown
    from?: unknown
    to?: unknown
    proof?: unknown[]
    checkpoint?: unknown
    auditPath?: unknown[]
    entry?: Record<string, unknown>
    leafData?: unknown
    treeSize?: unknown
    leafIndex?: unknown
  }
  if (p.format === 'tessera-consistency-proof/1') {
    if (typeof p.from !== 'string' || typeof p.to !== 'string' || !Array.isArray(p.proof))
      return fail('not a consistency proof')
    const a = openCheckpoint(p.from, key)
    const b = openCheckpoint(p.to, key)
    if (!a || !b) return fail('a checkpoint in the proof is not signed by this key')
    const ok = verifyConsistency(
      a.treeSize,
      a.root,
      b.treeSize,
      b.root,
      p.proof.map((h) => Buffer.from(String(h), 'base64')),
    )
    return ok
      ? {
          ok: true,
          message: `The log of ${b.treeSize} entries (${new Date(b.time).toISOString()}) contains the log of ${a.treeSize} entries (${new Date(a.time).toISOString()}) unchanged`,
          checkpoint: a,
          to: b,
        }
      : fail(
          `The checkpoint of ${b.treeSize} entries does not extend the one of ${a.treeSize}: the log was rewritten in between`,
        )
  }
  if (p.format !== 'tessera-inclusion-proof/1') return fail('not a Tessera proof file')
  if (typeof p.checkpoint !== 'string' || !Array.isArray(p.auditPath) || !p.entry)
    return fail('the proof is incomplete')
  const cp = openCheckpoint(p.checkpoint, key)
  if (!cp) return fail('the checkpoint in the proof is not signed by this key')
  const content = entryContent(p.entry as unknown as ActivityRow)
  if (content !== p.leafData) return fail('the entry does not match the leaf data it claims')
  if (p.treeSize !== cp.treeSize) return fail('the proof’s tree size is not the checkpoint’s')
  const leafIndex = Number(p.leafIndex)
  if (Number(p.entry.id) - leafIndex !== cp.lastId - cp.treeSize + 1)
    return fail('the leaf index does not belong to this entry')
  const root = rootFromInclusion(
    leafIndex,
    cp.treeSize,
    leafHash(content),
    p.auditPath.map((h) => Buffer.from(String(h), 'base64')),
  )
  if (!root || !root.equals(cp.root))
    return fail(
      'the audit path does not lead to the checkpoint’s root: the entry or the proof was changed',
    )
  return {
    ok: true,
    message: `Entry ${String(p.entry.id)} is entry ${leafIndex} of the log of ${cp.treeSize} entries signed at ${new Date(cp.time).toISOString()}`,
    checkpoint: cp,
  }
}
