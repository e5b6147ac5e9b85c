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
  return {
    last: () => last.get(),
    insert: (row: ActivityRow) => void insert.run(row),
    get: (id: number) => byId.get(id),
  }
}
export type ActivityRepo = ReturnType<typeof activityRepo>
