import type { StreamSourceRow } from '../../db/repos/log-streams.repo'

/**
 * The one event shape every destination receives (syslog carries the same fields as
 * STRUCTURED-DATA). Every stored field of the entry is in it, with both chain hashes, so the
 * receiver can check each link, and with the installation's log key recompute each entry's
 * hash (`tessera activity verify --received`). Never a token: only the token's id and its
 * display prefix.
 *
 * `type` names the event's source: `activity` for a log entry, `test` for the Send test event
 * button. Other sources (signed checkpoints) add their own type with their own fields.
 */
export interface ActivityEvent {
  type: 'activity'
  id: number
  /** UTC, RFC 3339 with milliseconds. */
  time: string
  organization_id: number
  kind: 'api' | 'admin'
  actor: {
    kind: 'human' | 'service' | null
    id: number | null
    name: string | null
    email: string | null
  }
  action: string | null
  method: string | null
  /** Path and query as recorded (at most 256 characters, secrets in the query redacted). */
  path: string | null
  status: number | null
  duration_ms: number | null
  source_address: string | null
  user_agent: string | null
  token_id: number | null
  token_prefix: string | null
  workspace_id: number | null
  project_id: number | null
  target_user_id: number | null
  /** The entry's small JSON details, as the text the hash covers. */
  details: string | null
  /**
   * This entry's chain hash (hex): SHA-256 before the log was keyed, HMAC-SHA-256 under the
   * log key after; and the entry before it's.
   */
  hash: string
  prev_hash: string
}

export interface TestEvent {
  type: 'test'
  /** Not an entry id: test events are outside the chain. */
  id: null
  time: string
  organization_id: number
  stream: string
  message: string
}

export type StreamEvent = ActivityEvent | TestEvent

export const rfc3339 = (ms: number): string => new Date(ms).toISOString()

export function activityEvent(row: StreamSourceRow): ActivityEvent {
  return {
    type: 'activity',
    id: row.id,
    time: rfc3339(row.ts),
    organization_id: row.organization_id,
    kind: row.kind,
    actor: {
      kind: row.actor_kind,
      id: row.actor_id,
      name: row.actor_name,
      email: row.actor_email,
    },
    action: row.action,
    method: row.method,
    path: row.url,
    status: row.status,
    duration_ms: row.duration_ms,
    source_address: row.ip,
    user_agent: row.user_agent,
    token_id: row.token_id,
    token_prefix: row.token_prefix,
    workspace_id: row.workspace_id,
    project_id: row.project_id,
    target_user_id: row.target_user_id,
    details: row.details,
    hash: row.hash.toString('hex'),
    prev_hash: row.prev_hash.toString('hex'),
  }
}

export function testEvent(organizationId: number, stream: string, now: number): TestEvent {
  return {
    type: 'test',
    id: null,
    time: rfc3339(now),
    organization_id: organizationId,
    stream,
    message: `Test event from Tessera for stream “${stream}”`,
  }
}

/** A short line for people reading the receiver's raw view (syslog MSG, Splunk, OTLP body). */
export function summary(e: StreamEvent): string {
  if (e.type === 'test') return e.message
  const who = e.actor.name ?? e.actor.email ?? 'anonymous'
  if (e.kind === 'admin') return `${who} ${e.action ?? 'admin'}`
  return `${who} ${e.method ?? ''} ${e.path ?? ''} ${e.status ?? ''}`.replace(/\s+/g, ' ').trim()
}
