import type { Db } from '../open'

export interface ApiTokenRow {
  id: number
  user_id: number
  organization_id: number
  kind: 'api_key' | 'pat'
  hash: Buffer
  display: string
  created_at: number
  expires_at: number | null
  revoked_at: number | null
  revoked_reason: string | null
  last_used_at: number | null
  last_used_ip: string | null
  last_used_user_agent: string | null
}

export type ApiTokenInsert = Pick<
  ApiTokenRow,
  'user_id' | 'organization_id' | 'kind' | 'hash' | 'display' | 'created_at' | 'expires_at'
>

export function apiTokensRepo(db: Db) {
  const byHash = db.prepare<[Buffer], ApiTokenRow>('SELECT * FROM api_tokens WHERE hash = ?')
  const byId = db.prepare<[number], ApiTokenRow>('SELECT * FROM api_tokens WHERE id = ?')
  const live = db.prepare<[number], ApiTokenRow>(
    'SELECT * FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC',
  )
  const latest = db.prepare<[number], ApiTokenRow>(
    'SELECT * FROM api_tokens WHERE user_id = ? ORDER BY id DESC LIMIT 1',
  )
  const insert = db.prepare<ApiTokenInsert>(
    `INSERT INTO api_tokens (user_id, organization_id, kind, hash, display, created_at, expires_at)
     VALUES (@user_id, @organization_id, @kind, @hash, @display, @created_at, @expires_at)`,
  )
  const revokeAll = db.prepare<[number, string, number]>(
    'UPDATE api_tokens SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL',
  )
  const touch = db.prepare<[number, string | null, string | null, number]>(
    'UPDATE api_tokens SET last_used_at = ?, last_used_ip = ?, last_used_user_agent = ? WHERE id = ?',
  )
  return {
    byHash: (hash: Buffer) => byHash.get(hash),
    get: (id: number) => byId.get(id),
    live: (userId: number) => live.all(userId),
    latest: (userId: number) => latest.get(userId),
    insert: (row: ApiTokenInsert) => Number(insert.run(row).lastInsertRowid),
    revokeAllFor: (userId: number, at: number, reason: string) =>
      revokeAll.run(at, reason, userId).changes,
    touch: (id: number, at: number, ip: string | null, userAgent: string | null) =>
      void touch.run(at, ip, userAgent, id),
  }
}
export type ApiTokensRepo = ReturnType<typeof apiTokensRepo>
