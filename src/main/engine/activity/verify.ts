import type { VerifyResult } from '../../../shared/contracts/activity.contract'
import type { ActivityRepo, ActivityRow } from '../../db/repos/activity.repo'
import { GENESIS_HASH, entryHash } from './chain'

const CHUNK = 5000

export interface VerifyOptions {
  onProgress?: (checked: number) => void
  signal?: AbortSignal
}

function broken(
  row: ActivityRow,
  reason: NonNullable<VerifyResult['reason']>,
  checked: number,
  checkpointId: number | null,
): VerifyResult {
  const messages = {
    edited: `Entry ${row.id} was changed after it was written`,
    link: `The chain breaks before entry ${row.id}: an entry before it was removed, inserted or rewritten`,
    gap: `Entries before ${row.id} are missing`,
    start: `The log does not start where it should: entries before ${row.id} were removed outside retention`,
  }
  return {
    intact: false,
    checked,
    brokenAt: row.id,
    reason,
    message: messages[reason],
    checkpointId,
  }
}

/**
 * Walks the whole chain in id order from the purge checkpoint (or the genesis hash) and
 * reports the first entry whose link does not hold. Ids are consecutive by construction, so a
 * gap is a deletion even when the hashes were recomputed. Runs in chunks with a macrotask
 * between them: millions of hashes must not freeze the process that serves the UI and the API.
 * A deletion of the newest entries leaves no trace in the chain itself; see the README.
 */
export async function verifyChain(
  repo: ActivityRepo,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const checkpoint = repo.checkpoint()
  const checkpointId = checkpoint?.last_id ?? null
  let prevHash = checkpoint?.last_hash ?? GENESIS_HASH
  let prevId = checkpoint?.last_id ?? 0
  let checked = 0
  for (;;) {
    options.signal?.throwIfAborted()
    const rows = repo.chainAfter(prevId, CHUNK)
    for (const row of rows) {
      if (row.id !== prevId + 1)
        return broken(row, checked === 0 && !checkpoint ? 'start' : 'gap', checked, checkpointId)
      if (!row.prev_hash.equals(prevHash)) return broken(row, 'link', checked, checkpointId)
      if (!entryHash(row).equals(row.hash)) return broken(row, 'edited', checked, checkpointId)
      prevHash = row.hash
      prevId = row.id
      checked++
    }
    options.onProgress?.(checked)
    if (rows.length < CHUNK) break
    await new Promise((resolve) => setImmediate(resolve))
  }
  return {
    intact: true,
    checked,
    brokenAt: null,
    reason: null,
    message: `The log is intact: ${checked} entries checked${checkpoint ? ` since the retention checkpoint at entry ${checkpoint.last_id}` : ''}`,
    checkpointId,
  }
}
