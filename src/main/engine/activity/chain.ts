import { createHash } from 'node:crypto'
import type { ActivityRow } from '../../db/repos/activity.repo'

export const GENESIS_HASH = Buffer.alloc(32)

/** Every stored field of an entry but the two hashes, in the order the hash covers them. */
export const ENTRY_FIELDS = [
  'id',
  'organization_id',
  'ts',
  'kind',
  'actor_id',
  'actor_email',
  'token_id',
  'ip',
  'user_agent',
  'method',
  'url',
  'status',
  'duration_ms',
  'project_id',
  'workspace_id',
  'action',
  'target_user_id',
  'details',
] as const satisfies readonly (keyof ActivityRow)[]

/**
 * The hash of one entry: SHA-256 over the previous entry's hash and a canonical JSON array of
 * every stored field, id included, so an edit, a deletion or an insertion breaks the chain.
 */
export function entryHash(row: Omit<ActivityRow, 'hash'>): Buffer {
  const content = JSON.stringify(ENTRY_FIELDS.map((field) => row[field]))
  return createHash('sha256').update(row.prev_hash).update(content).digest()
}
