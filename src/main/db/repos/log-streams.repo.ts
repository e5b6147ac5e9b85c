import type { Db } from '../open'

/**
 * Statements prepared on first use: engines are built over files a migration has not reached
 * yet (the upgrade tests), and only the streams feature touches these tables.
 */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined
  return () => (value ??= make())
}

export type StreamKind = 'syslog' | 'otlp' | 'splunk' | 'http'
export type SecretScheme = 'none' | 'plain' | 'safeStorage'

/** A stored log stream, as the table holds it. */
export interface LogStreamRow {
  id: number
  organization_id: number
  name: string
  kind: StreamKind
  url: string
  ca_pem: string | null
  secret: Buffer | null
  secret_scheme: SecretScheme
  paused: 0 | 1
  cursor_id: number
  delivered_at: number | null
  failing_since: number | null
  last_error: string | null
  last_error_at: number | null
  state_logged: string | null
  state_logged_at: number | null
  gap_from: number | null
  gap_to: number | null
  created_by: number
  created_at: number
  updated_at: number
}

export type LogStreamInsert = Pick<
  LogStreamRow,
  | 'organization_id'
  | 'name'
  | 'kind'
  | 'url'
  | 'ca_pem'
  | 'secret'
  | 'secret_scheme'
  | 'cursor_id'
  | 'created_by'
  | 'created_at'
>

export function logStreamsRepo(db: Db) {
  const list = lazy(() =>
    db.prepare<[number], LogStreamRow>(
      'SELECT * FROM log_streams WHERE organization_id = ? ORDER BY id',
    ),
  )
  const all = lazy(() => db.prepare<[], LogStreamRow>('SELECT * FROM log_streams ORDER BY id'))
  const byId = lazy(() =>
    db.prepare<[number], LogStreamRow>('SELECT * FROM log_streams WHERE id = ?'),
  )
  const byName = lazy(() =>
    db.prepare<[number, string], LogStreamRow>(
      'SELECT * FROM log_streams WHERE organization_id = ? AND name = ? COLLATE NOCASE',
    ),
  )
  const insert = lazy(() =>
    db.prepare<LogStreamInsert>(
      `INSERT INTO log_streams (organization_id, name, kind, url, ca_pem, secret, secret_scheme,
       cursor_id, created_by, created_at, updated_at)
     VALUES (@organization_id, @name, @kind, @url, @ca_pem, @secret, @secret_scheme, @cursor_id,
       @created_by, @created_at, @created_at)`,
    ),
  )
  const setPaused = lazy(() =>
    db.prepare<{ id: number; paused: number; now: number }>(
      'UPDATE log_streams SET paused = @paused, updated_at = @now WHERE id = @id',
    ),
  )
  const remove = lazy(() => db.prepare<[number]>('DELETE FROM log_streams WHERE id = ?'))
  // The cursor only moves forward: a delivery that finished late (another process, a stale
  // batch) never takes it back.
  const ack = lazy(() =>
    db.prepare<{ id: number; cursor: number; now: number }>(
      `UPDATE log_streams SET cursor_id = max(cursor_id, @cursor), delivered_at = @now,
       failing_since = NULL WHERE id = @id`,
    ),
  )
  const fail = lazy(() =>
    db.prepare<{ id: number; error: string; now: number }>(
      `UPDATE log_streams SET failing_since = coalesce(failing_since, @now), last_error = @error,
       last_error_at = @now WHERE id = @id`,
    ),
  )
  const stateLogged = lazy(() =>
    db.prepare<{ id: number; state: string; now: number }>(
      'UPDATE log_streams SET state_logged = @state, state_logged_at = @now WHERE id = @id',
    ),
  )
  const gap = lazy(() =>
    db.prepare<{ id: number; from: number; to: number }>(
      `UPDATE log_streams SET gap_from = coalesce(gap_from, @from), gap_to = @to,
       cursor_id = max(cursor_id, @to) WHERE id = @id`,
    ),
  )
  const count = lazy(() =>
    db.prepare<[number], { n: number }>(
      'SELECT count(*) AS n FROM log_streams WHERE organization_id = ?',
    ),
  )
  return {
    list: (orgId: number) => list().all(orgId),
    all: () => all().all(),
    get: (id: number) => byId().get(id),
    byName: (orgId: number, name: string) => byName().get(orgId, name),
    count: (orgId: number) => count().get(orgId)!.n,
    insert: (row: LogStreamInsert) => Number(insert().run(row).lastInsertRowid),
    setPaused: (id: number, paused: boolean, now: number) =>
      void setPaused().run({ id, paused: paused ? 1 : 0, now }),
    remove: (id: number) => void remove().run(id),
    ack: (id: number, cursor: number, now: number) => void ack().run({ id, cursor, now }),
    fail: (id: number, error: string, now: number) => void fail().run({ id, error, now }),
    stateLogged: (id: number, state: string, now: number) =>
      void stateLogged().run({ id, state, now }),
    /** Entries from..to were purged before this stream delivered them: it moves past them. */
    gap: (id: number, from: number, to: number) => void gap().run({ id, from, to }),
  }
}
export type LogStreamsRepo = ReturnType<typeof logStreamsRepo>

/** An activity entry with the names a receiver needs beside the ids (for streaming). */
export interface StreamSourceRow {
  id: number
  organization_id: number
  ts: number
  kind: 'api' | 'admin'
  actor_id: number | null
  actor_email: string | null
  actor_kind: 'human' | 'service' | null
  actor_name: string | null
  token_id: number | null
  token_prefix: string | null
  ip: string | null
  user_agent: string | null
  method: string | null
  url: string | null
  status: number | null
  duration_ms: number | null
  project_id: number | null
  workspace_id: number | null
  action: string | null
  target_user_id: number | null
  details: string | null
  prev_hash: Buffer
  hash: Buffer
}

/** The log as streams read it: in id order after a cursor, one organization's entries. */
export function streamSourceRepo(db: Db) {
  const after = lazy(() =>
    db.prepare<{ org: number; after: number; limit: number }, StreamSourceRow>(
      `SELECT e.*, u.kind AS actor_kind, coalesce(sa.name, u.username) AS actor_name,
       t.display AS token_prefix
     FROM activity_entries e
       LEFT JOIN users u ON u.id = e.actor_id
       LEFT JOIN service_accounts sa ON sa.user_id = e.actor_id
       LEFT JOIN api_tokens t ON t.id = e.token_id
     WHERE e.id > @after AND e.organization_id = @org ORDER BY e.id LIMIT @limit`,
    ),
  )
  const head = lazy(() =>
    db.prepare<[], { id: number }>(
      'SELECT coalesce(max(id), (SELECT last_id FROM activity_checkpoints WHERE id = 1), 0) AS id FROM activity_entries',
    ),
  )
  const next = lazy(() =>
    db.prepare<{ org: number; after: number }, { id: number; ts: number }>(
      'SELECT id, ts FROM activity_entries WHERE id > @after AND organization_id = @org ORDER BY id LIMIT 1',
    ),
  )
  return {
    after: (org: number, afterId: number, limit: number) =>
      after().all({ org, after: afterId, limit }),
    /** The newest entry id (or the purge checkpoint's), 0 for an empty log. */
    headId: () => head().get()!.id,
    /** The oldest entry not yet delivered. */
    next: (org: number, afterId: number) => next().get({ org, after: afterId }),
  }
}
export type StreamSourceRepo = ReturnType<typeof streamSourceRepo>
