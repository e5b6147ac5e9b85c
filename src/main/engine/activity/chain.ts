import { createHash, createHmac, hash } from 'node:crypto'
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

/** The canonical JSON array of every stored field, id included: what the hashes cover. */
export const entryContent = (row: Omit<ActivityRow, 'hash' | 'prev_hash'>): string =>
  JSON.stringify(ENTRY_FIELDS.map((field) => row[field]))

/**
 * The hash of one entry: SHA-256 over the previous entry's hash and the entry's content, so an
 * edit, a deletion or an insertion breaks the chain. With `key` (the keyed part of the log) it
 * is HMAC-SHA-256 under that key instead: without the key nobody can recompute it.
 */
export function entryHash(row: Omit<ActivityRow, 'hash'>, key?: Buffer | null): Buffer {
  return chainHash(row.prev_hash, entryContent(row), key)
}

export function chainHash(prev: Buffer, content: string, key?: Buffer | null): Buffer {
  const h = key ? createHmac('sha256', key) : createHash('sha256')
  return h.update(prev).update(content).digest()
}

/**
 * HMAC-SHA-256 (RFC 2104) under a 32-byte key, as `chainHash` with a key computes it, with the
 * padded keys prepared once and one-shot hashes: the recorder's path runs it for every entry.
 */
export function keyedChain(key: Buffer): (prev: Buffer, content: string) => Buffer {
  if (key.length > 64) throw new Error('HMAC keys longer than a block are hashed first')
  const ipad = Buffer.alloc(64, 0x36)
  const outer = Buffer.alloc(96, 0x5c)
  for (let i = 0; i < key.length; i++) {
    ipad[i]! ^= key[i]!
    outer[i]! ^= key[i]!
  }
  return (prev, content) => {
    const inner = hash('sha256', Buffer.concat([ipad, prev, Buffer.from(content)]), 'buffer')
    inner.copy(outer, 64)
    return hash('sha256', outer, 'buffer')
  }
}
