import { createHash } from 'node:crypto'
import type { ActivityRow } from '../../db/repos/activity.repo'

export const GENESIS_HASH = Buffer.alloc(32)

/**
 * The hash of one entry: SHA-256 over the previous entry's hash and a canonical JSON array of
 * every stored field, id included, so an edit, a deletion or an insertion breaks the chain.
 */
export function entryHash(row: Omit<ActivityRow, 'hash'>): Buffer {
  const content = JSON.stringify([
    row.id,
    row.organization_id,
    row.ts,
    row.kind,
    row.actor_id,
    row.actor_email,
    row.token_id,
    row.ip,
    row.user_agent,
    row.method,
    row.url,
    row.status,
    row.duration_ms,
    row.project_id,
    row.workspace_id,
    row.action,
    row.target_user_id,
    row.details,
  ])
  return createHash('sha256').update(row.prev_hash).update(content).digest()
}
