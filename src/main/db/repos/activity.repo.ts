import type { Db } from '../open'

/** A stored activity entry, as the table holds it. */
export interface ActivityRow {
  id: number
  organization_id: number
  ts: number
  kind: 'api' | 'admin'
  actor_id: number | null
  actor_email: string | null
  token_id: number | null
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

export type ActivityInsert = Omit<ActivityRow, 'id' | 'prev_hash' | 'hash'>

/** Where the chain starts after retention purges: the last purged entry's id and hash. */
export interface ActivityCheckpoint {
  last_id: number
  last_hash: Buffer
  purged_total: number
  updated_at: number
}

export function activityRepo(db: Db) {
  const last = db.prepare<[], { id: number; hash: Buffer }>(
    'SELECT id, hash FROM activity_entries ORDER BY id DESC LIMIT 1',
  )
  const insert = db.prepare<ActivityRow>(
    `INSERT INTO activity_entries (id, organization_id, ts, kind, actor_id, actor_email, token_id,
       ip, user_agent, method, url, status, duration_ms, project_id, workspace_id, action,
       target_user_id, details, prev_hash, hash)
     VALUES (@id, @organization_id, @ts, @kind, @actor_id, @actor_email, @token_id, @ip,
       @user_agent, @method, @url, @status, @duration_ms, @project_id, @workspace_id, @action,
       @target_user_id, @details, @prev_hash, @hash)`,
  )
  const byId = db.prepare<[number], ActivityRow>('SELECT * FROM activity_entries WHERE id = ?')
  // The chain walk and the purge both go in id order from the oldest entry.
  const chainAfter = db.prepare<{ after: number; limit: number }, ActivityRow>(
    'SELECT * FROM activity_entries WHERE id > @after ORDER BY id LIMIT @limit',
  )
  const oldest = db.prepare<
    { limit: number },
    { id: number; organization_id: number; ts: number; hash: Buffer }
  >('SELECT id, organization_id, ts, hash FROM activity_entries ORDER BY id LIMIT @limit')
  const deleteUpTo = db.prepare<{ last: number }>('DELETE FROM activity_entries WHERE id <= @last')
  const checkpoint = db.prepare<[], ActivityCheckpoint>(
    'SELECT last_id, last_hash, purged_total, updated_at FROM activity_checkpoints WHERE id = 1',
  )
  const saveCheckpoint = db.prepare<{
    last_id: number
    last_hash: Buffer
    count: number
    now: number
  }>(
    `INSERT INTO activity_checkpoints (id, last_id, last_hash, purged_total, updated_at)
     VALUES (1, @last_id, @last_hash, @count, @now)
     ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash,
       purged_total = purged_total + excluded.purged_total, updated_at = excluded.updated_at`,
  )
  const retention = db.prepare<[], { id: number; days: number }>(
    'SELECT id, activity_retention_days AS days FROM organizations',
  )
  const total = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM activity_entries WHERE organization_id = ?',
  )
  const olderThan = db.prepare<{ org: number; cutoff: number }, { n: number }>(
    'SELECT count(*) AS n FROM activity_entries WHERE ts < @cutoff AND organization_id = @org',
  )
  const checkpointHead = db.prepare<[], { id: number; hash: Buffer }>(
    'SELECT last_id AS id, last_hash AS hash FROM activity_checkpoints WHERE id = 1',
  )
  return {
    last: () => last.get(),
    /** The chain head: the newest entry, or the purge checkpoint once everything was purged. */
    head: () => last.get() ?? checkpointHead.get(),
    insert: (row: ActivityRow) => void insert.run(row),
    get: (id: number) => byId.get(id),
    chainAfter: (after: number, limit: number) => chainAfter.all({ after, limit }),
    oldest: (limit: number) => oldest.all({ limit }),
    deleteUpTo: (lastId: number) => deleteUpTo.run({ last: lastId }).changes,
    checkpoint: () => checkpoint.get(),
    saveCheckpoint: (lastId: number, lastHash: Buffer, count: number, now: number) =>
      void saveCheckpoint.run({ last_id: lastId, last_hash: lastHash, count, now }),
    retentionDays: () => retention.all(),
    total: (orgId: number) => total.get(orgId)!.n,
    /** Entries of the organization older than the cutoff (what a purge at that cutoff removes). */
    countOlderThan: (orgId: number, cutoff: number) => olderThan.get({ org: orgId, cutoff })!.n,
  }
}
export type ActivityRepo = ReturnType<typeof activityRepo>
