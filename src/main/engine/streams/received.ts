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
  problem: 'missing' | 'out-of-order' | 'changed' | 'empty' | null
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

/** Recomputes an entry's hash from the fields a receiver got. */
function recompute(e: ActivityEvent): string {
  return entryHash({
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
  }).toString('hex')
}

/**
 * Checks what a receiver wrote: every entry's hash recomputes from its fields, each entry links
 * to the one before it by hash, and ids follow one another from the first received entry to the
 * last. An entry received again unchanged (the batch in flight at a reconnect) is counted, not
 * an error; anything else names the first entry that is missing, out of order or changed.
 */
export function verifyReceived(text: string): ReceivedResult {
  const seen = new Map<number, string>()
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
    firstId: first?.id ?? null,
    lastId: last?.id ?? null,
    problem,
    entryId,
    message,
  })
  for (const line of text.split('\n')) {
    const e = eventOf(line)
    if (!e) continue
    received++
    if (recompute(e) !== e.hash)
      return fail(
        'changed',
        e.id,
        `Entry ${e.id} was changed on the way: its fields no longer match its hash`,
      )
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
      firstId: null,
      lastId: null,
      problem: 'empty',
      entryId: null,
      message: 'The file holds no Tessera activity entry',
    }
  return {
    intact: true,
    received,
    duplicates,
    firstId: first.id,
    lastId: last.id,
    problem: null,
    entryId: null,
    message: `The chain holds from entry ${first.id} to entry ${last.id}: ${last.id - first.id + 1} entries, none missing or changed${duplicates ? ` (${duplicates} received twice, identical)` : ''}`,
  }
}
