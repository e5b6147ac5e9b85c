import type { VerifyPart, VerifyResult } from '../../../shared/contracts/activity.contract'
import type { ActivityProofsRepo, ChainSegment } from '../../db/repos/activity-proofs.repo'
import type { ActivityRepo, ActivityRow } from '../../db/repos/activity.repo'
import { GENESIS_HASH, chainHash, entryContent, keyedChain } from './chain'
import type { LogKeys } from './log-keys'
import { leafHash, type Frontier } from './merkle'
import { noteSigners, openNote, parseCheckpointText, type CheckpointBody } from './signed-note'
import type { ActivityTree } from './tree'

const CHUNK = 5000

/** A checkpoint the log must still match: stored in the database, or read from an anchor file. */
export interface CheckpointTarget extends CheckpointBody {
  source: 'stored' | 'anchor'
}

export interface VerifyOptions {
  onProgress?: (checked: number) => void
  signal?: AbortSignal
  /** The tree, the chain's parts and the installation's keys (absent: SHA-256 chain only). */
  proofs?: { repo: ActivityProofsRepo; tree: ActivityTree; keys: LogKeys | null }
  /** Signed checkpoints from an anchor file (signatures already checked, see anchor.ts). */
  anchors?: CheckpointBody[]
}

type Reason = NonNullable<VerifyResult['reason']>

const MESSAGES: Record<Exclude<Reason, 'checkpoint' | 'truncated'>, (id: number) => string> = {
  edited: (id) => `Entry ${id} was changed after it was written`,
  link: (id) =>
    `The chain breaks before entry ${id}: an entry before it was removed, inserted or rewritten`,
  gap: (id) => `Entries before ${id} are missing`,
  start: (id) =>
    `The log does not start where it should: entries before ${id} were removed outside retention`,
}

const LEGACY: ChainSegment = { first_id: 1, key_id: null, prev_hash: GENESIS_HASH, started_at: 0 }

/**
 * Walks the whole chain in id order from the purge checkpoint (or the genesis hash) and
 * reports the first entry whose link does not hold. Ids are consecutive by construction, so a
 * gap is a deletion even when the hashes were recomputed. Each part is checked with its own
 * hash: plain SHA-256 (anyone can recompute it), or HMAC under the installation key (only the
 * key's holder can). Along the way the Merkle tree is rebuilt from the entries and compared
 * with every signed checkpoint it reaches, stored or anchored; an anchored checkpoint beyond
 * the log's end is a truncation. Runs in chunks with a macrotask between them: millions of
 * hashes must not freeze the process that serves the UI and the API.
 */
export async function verifyChain(
  repo: ActivityRepo,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const ctx = options.proofs
  const keys = ctx?.keys ?? null
  const purge = repo.checkpoint()
  const checkpointId = purge?.last_id ?? null
  let prevHash = purge?.last_hash ?? GENESIS_HASH
  let prevId = purge?.last_id ?? 0
  let checked = 0
  const segments = ctx?.repo.segments() ?? [LEGACY]
  let seg = 0
  const parts: VerifyPart[] = []
  const base = ctx ? ctx.tree.base() : Number.POSITIVE_INFINITY
  const hmac = keys ? keyedChain(keys.hmacKey) : null

  // The tree's state where the surviving entries begin, and the checkpoints still ahead of it.
  let frontier: Frontier | null = null
  const targets: CheckpointTarget[] = []
  const counts = { stored: 0, anchored: 0, skipped: 0 }
  if (ctx) {
    try {
      frontier = ctx.tree.frontierAt(Math.max(0, prevId - base))
    } catch {
      frontier = null
    }
    for (const row of ctx.repo.allCheckpoints()) {
      // Signed with this installation's key: the signature must hold. Signed with a key that is
      // not here (a restore without it): compared as they stand, like every one without a key.
      const ours = keys !== null && noteSigners(row.note).includes(keys.origin)
      const body = ours ? openNote(row.note, keys.origin, keys.publicKey) : null
      if (ours && !body) {
        return done(
          false,
          row.last_id,
          'checkpoint',
          `Checkpoint ${row.id} is not signed by this installation's key: it was forged or altered`,
        )
      }
      targets.push({ ...(body ? parseCheckpointText(body) : fromRow(row)), source: 'stored' })
    }
    for (const a of options.anchors ?? []) targets.push({ ...a, source: 'anchor' })
    targets.sort((a, b) => a.treeSize - b.treeSize)
  }
  let t = 0
  const matched: { last: CheckpointTarget | null } = { last: null }

  function done(
    intact: boolean,
    brokenAt: number | null,
    reason: Reason | null,
    message: string,
  ): VerifyResult {
    return { intact, checked, brokenAt, reason, message, checkpointId, parts, checkpoints: counts }
  }
  const broken = (row: ActivityRow, reason: Exclude<Reason, 'checkpoint' | 'truncated'>) =>
    done(false, row.id, reason, MESSAGES[reason](row.id))

  /** Compares the rebuilt tree with the checkpoints at its size; a message when one differs. */
  function matchTargets(lastId: number, lastHash: Buffer): string | null {
    if (!frontier) return null
    while (t < targets.length && targets[t]!.treeSize < frontier.size) {
      counts.skipped++
      t++
    }
    while (t < targets.length && targets[t]!.treeSize === frontier.size) {
      const c = targets[t++]!
      const ok =
        c.root.equals(frontier.root()) && c.lastId === lastId && c.chainHash.equals(lastHash)
      if (!ok) {
        const from = (matched.last?.lastId ?? base) + 1
        return `The log no longer matches the ${c.source === 'anchor' ? 'anchored' : 'stored'} checkpoint of ${new Date(c.time).toISOString()} (${c.treeSize} entries, up to entry ${c.lastId}): an entry from ${from} to ${c.lastId} was rewritten, removed or inserted`
      }
      counts[c.source === 'anchor' ? 'anchored' : 'stored']++
      matched.last = c
    }
    return null
  }

  const initial = matchTargets(prevId, prevHash)
  if (initial) return done(false, (matched.last?.lastId ?? base) + 1, 'checkpoint', initial)

  for (;;) {
    options.signal?.throwIfAborted()
    const rows = repo.chainAfter(prevId, CHUNK)
    for (const row of rows) {
      if (row.id !== prevId + 1) return broken(row, checked === 0 && !purge ? 'start' : 'gap')
      if (!row.prev_hash.equals(prevHash)) return broken(row, 'link')
      while (seg + 1 < segments.length && segments[seg + 1]!.first_id <= row.id) seg++
      const segment = segments[seg]!
      const keyed = segment.key_id !== null
      const checkable = !keyed || (keys !== null && segment.key_id === keys.keyId)
      const content = entryContent(row)
      if (
        checkable &&
        !(keyed ? hmac!(row.prev_hash, content) : chainHash(row.prev_hash, content)).equals(
          row.hash,
        )
      )
        return broken(row, 'edited')
      const part = parts[parts.length - 1]
      const chain = keyed ? 'hmac-sha256' : 'sha256'
      const status = checkable ? 'verified' : 'links-only'
      if (
        part &&
        part.chain === chain &&
        part.status === status &&
        part.lastId === row.id - 1 &&
        row.id !== segment.first_id
      ) {
        part.lastId = row.id
        part.checked++
      } else parts.push({ firstId: row.id, lastId: row.id, chain, status, checked: 1 })
      if (frontier && row.id > base) {
        frontier.append(leafHash(content))
        const mismatch = matchTargets(row.id, row.hash)
        if (mismatch) return done(false, (matched.last?.lastId ?? base) + 1, 'checkpoint', mismatch)
      }
      prevHash = row.hash
      prevId = row.id
      checked++
    }
    options.onProgress?.(checked)
    if (rows.length < CHUNK) break
    await new Promise((resolve) => setImmediate(resolve))
  }

  const beyond = targets.slice(t).filter((c) => c.treeSize > (frontier?.size ?? 0))
  if (frontier && beyond.length > 0) {
    const c = beyond[beyond.length - 1]!
    return done(
      false,
      prevId + 1,
      'truncated',
      `The log ends at entry ${prevId}, but the ${c.source === 'anchor' ? 'anchored' : 'stored'} checkpoint of ${new Date(c.time).toISOString()} covers entries up to ${c.lastId}: entries ${prevId + 1} to ${c.lastId} were removed`,
    )
  }
  return summarize()

  function summarize(): VerifyResult {
    const since = purge ? ` since the retention checkpoint at entry ${purge.last_id}` : ''
    const unkeyed = parts.filter((p) => p.chain === 'sha256' && p.lastId > base)
    const unprovable = parts.filter((p) => p.status === 'links-only')
    const cps = counts.stored + counts.anchored
    const cpText = cps ? `; ${cps} signed checkpoint${cps === 1 ? '' : 's'} matched` : ''
    if (unprovable.length > 0) {
      const ranges = unprovable.map((p) => `${p.firstId}–${p.lastId}`).join(', ')
      return done(
        false,
        null,
        null,
        `Not proved intact: entries ${ranges} are chained with a key this installation does not hold. Their ids, links${cps ? ' and stored checkpoints' : ''} hold, but an edit whose hashes were recomputed cannot be ruled out without the key (tessera restore --log-key). ${checked} entries checked${since}${cpText}`,
      )
    }
    if (keys && unkeyed.length > 0) {
      const ranges = unkeyed.map((p) => `${p.firstId}–${p.lastId}`).join(', ')
      return done(
        false,
        null,
        null,
        `Not proved intact: entries ${ranges} are chained with plain SHA-256 although this installation holds a log key; anyone who can write the file could have rewritten them. ${checked} entries checked${since}`,
      )
    }
    const described =
      parts.length > 1 || parts.some((p) => p.chain === 'hmac-sha256')
        ? ` (${parts.map((p) => `${p.firstId}–${p.lastId} ${p.chain === 'sha256' ? 'SHA-256' : 'keyed HMAC'}`).join(', ')})`
        : ''
    return done(
      true,
      null,
      null,
      `The log is intact: ${checked} entries checked${since}${described}${cpText}`,
    )
  }
}

function fromRow(row: {
  tree_size: number
  last_id: number
  root: Buffer
  chain_hash: Buffer
  ts: number
}): CheckpointBody {
  return {
    origin: '',
    treeSize: row.tree_size,
    root: row.root,
    organizationId: 0,
    lastId: row.last_id,
    chainHash: row.chain_hash,
    time: row.ts,
  }
}
