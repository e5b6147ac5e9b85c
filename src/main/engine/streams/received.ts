import { entryHash } from '../activity/chain'
import type { ActivityEvent } from './event'
import { parseSyslogEvent } from './syslog'

export interface ReceivedResult {
  intact: boolean
  /** Lines that carried an activity entry, duplicates included. */
  received: number
  /** Entries that arrived again identical (a redelivered batch): harmless. */
  duplicates: number
  firstId: number | null
  lastId: number | null
  problem: 'missing' | 'out-of-order' | 'changed' | 'empty' | 'unverified' | null
  /**
   * Entries of the log's keyed part (HMAC-SHA-256 under the installation's log key) whose
   * contents could not be checked because no key was given: their links were checked.
   */
  unverified: number
  /** The entry the problem is about. */
  entryId: number | null
  message: string
}

/** The event of one received line: a raw RFC 5424 message, our JSON, or Splunk's envelope. */
function eventOf(line: string): ActivityEvent | null {
  const text = line.trim()
  if (!text) return null
  if (text.startsWith('{')) {
    try {
      const j = JSON.parse(text) as Record<string, unknown>
      const e = (j.type === undefined && typeof j.event === 'object' ? j.event : j) as ActivityEvent
      return e && e.type === 'activity' ? e : null
    } catch {
      return null
    }
  }
  return parseSyslogEvent(text)
}

/** Recomputes an entry's hash from the fields a receiver got (HMAC with the log key). */
function recompute(e: ActivityEvent, key?: Buffer | null): string {
  return entryHash(rowOf(e), key).toString('hex')
}

function rowOf(e: ActivityEvent) {
  return {
    id: e.id,
    organization_id: e.organization_id,
    ts: Date.parse(e.time),
    kind: e.kind,
    actor_id: e.actor.id,
    actor_email: e.actor.email,
    token_id: e.token_id,
    ip: e.source_address,
    user_agent: e.user_agent,
    method: e.method,
    url: e.path,
    status: e.status,
    duration_ms: e.duration_ms,
    project_id: e.project_id,
    workspace_id: e.workspace_id,
    action: e.action,
    target_user_id: e.target_user_id,
    details: e.details,
    prev_hash: Buffer.from(e.prev_hash, 'hex'),
  }
}

/**
 * Checks what a receiver wrote: every entry's hash recomputes from its fields, each entry links
 * to the one before it by hash, and ids follow one another from the first received entry to the
 * last. An entry received again unchanged (the batch in flight at a reconnect) is counted, not
 * an error; anything else names the first entry that is missing, out of order or changed.
 */
export function verifyReceived(text: string, logKey?: Buffer | null): ReceivedResult {
  const seen = new Map<number, string>()
  let unverified = 0
  let firstUnverified: number | null = null
  let last: ActivityEvent | null = null
  let first: ActivityEvent | null = null
  let received = 0
  let duplicates = 0
  const fail = (
    problem: ReceivedResult['problem'],
    entryId: number,
    message: string,
  ): ReceivedResult => ({
    intact: false,
    received,
    duplicates,
    unverified,
    firstId: first?.id ?? null,
    lastId: last?.id ?? null,
    problem,
    entryId,
    message,
  })
  const changed = (id: number) =>
    fail('changed', id, `Entry ${id} was changed on the way: its fields no longer match its hash`)
  for (const line of text.split('\n')) {
    const e = eventOf(line)
    if (!e) continue
    received++
    // Entries before the keyed part recompute with SHA-256; keyed ones only with the key. The
    // keyed part, once begun, never goes back to SHA-256: without the key, an entry that does
    // not recompute followed by one that does was changed.
    if (recompute(e) !== e.hash) {
      if (logKey) {
        if (recompute(e, logKey) !== e.hash) return changed(e.id)
      } else if (!seen.has(e.id)) {
        unverified++
        firstUnverified ??= e.id
      }
    } else if (firstUnverified !== null && !seen.has(e.id)) return changed(firstUnverified)
    if (last && e.id <= last.id) {
      const earlier = seen.get(e.id)
      if (earlier === e.hash) {
        duplicates++
        continue
      }
      if (earlier !== undefined)
        return fail('changed', e.id, `Entry ${e.id} arrived twice with different contents`)
      return fail(
        'out-of-order',
        e.id,
        `Entry ${e.id} arrived out of order, after entry ${last.id}`,
      )
    }
    if (last && e.id !== last.id + 1)
      return fail(
        'missing',
        last.id + 1,
        e.id === last.id + 2
          ? `Entry ${last.id + 1} is missing (between ${last.id} and ${e.id})`
          : `Entries ${last.id + 1}–${e.id - 1} are missing (between ${last.id} and ${e.id})`,
      )
    if (last && e.prev_hash !== last.hash)
      return fail(
        'changed',
        e.id,
        `The chain breaks at entry ${e.id}: entry ${last.id} before it was changed`,
      )
    seen.set(e.id, e.hash)
    first ??= e
    last = e
  }
  if (!first || !last)
    return {
      intact: false,
      received,
      duplicates,
      unverified,
      firstId: null,
      lastId: null,
      problem: 'empty',
      entryId: null,
      message: 'The file holds no Tessera activity entry',
    }
  const span = `${last.id - first.id + 1} entries`
  const twice = duplicates ? ` (${duplicates} received twice, identical)` : ''
  if (unverified > 0)
    return {
      intact: false,
      received,
      duplicates,
      unverified,
      firstId: first.id,
      lastId: last.id,
      problem: 'unverified',
      entryId: null,
      message:
        `Not proved intact: entries ${first.id} to ${last.id} (${span}) link up with none missing or out of order${twice}, ` +
        `but ${unverified} of them are chained with the installation's log key and their contents cannot be checked without it ` +
        '(pass --log-key-file with the key `tessera activity key export` wrote)',
    }
  return {
    intact: true,
    received,
    duplicates,
    unverified,
    firstId: first.id,
    lastId: last.id,
    problem: null,
    entryId: null,
    message: `The chain holds from entry ${first.id} to entry ${last.id}: ${span}, none missing or changed${twice}`,
  }
}
