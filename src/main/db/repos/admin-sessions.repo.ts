import type { Role } from '../../../shared/roles'
import type { Db } from '../open'

export interface AdminSessionRow {
  id: number
  id_hash: Buffer
  user_id: number
  organization_id: number
  created_at: number
  last_seen_at: number
  idle_expires_at: number
  expires_at: number
  ip: string | null
  user_agent: string | null
  ended_at: number | null
}

/** A session joined with who holds it now (role and kind can change after sign-in). */
export type AdminSessionView = AdminSessionRow & {
  email: string
  first_name: string
  last_name: string
  username: string
  kind: 'human' | 'service'
  role: Role | null
  member_deleted_at: number | null
}

export type AdminSessionInsert = Omit<AdminSessionRow, 'id' | 'ended_at'>

export function adminSessionsRepo(db: Db) {
  const insert = db.prepare<AdminSessionInsert>(
    `INSERT INTO admin_sessions (id_hash, user_id, organization_id, created_at, last_seen_at,
       idle_expires_at, expires_at, ip, user_agent)
     VALUES (@id_hash, @user_id, @organization_id, @created_at, @last_seen_at, @idle_expires_at,
       @expires_at, @ip, @user_agent)`,
  )
  const byHash = db.prepare<[Buffer], AdminSessionView>(
    `SELECT s.*, u.email, u.first_name, u.last_name, u.username, u.kind, m.role,
            m.deleted_at AS member_deleted_at
       FROM admin_sessions s
       JOIN users u ON u.id = s.user_id
       LEFT JOIN memberships m ON m.organization_id = s.organization_id AND m.user_id = s.user_id
      WHERE s.id_hash = ?`,
  )
  const touch = db.prepare<[number, number, number]>(
    'UPDATE admin_sessions SET last_seen_at = ?, idle_expires_at = ? WHERE id = ?',
  )
  const end = db.prepare<[number, number]>(
    'UPDATE admin_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL',
  )
  const endAllFor = db.prepare<[number, number]>(
    'UPDATE admin_sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL',
  )
  const VIEW = `SELECT s.*, u.email, u.first_name, u.last_name, u.username, u.kind, m.role,
            m.deleted_at AS member_deleted_at
       FROM admin_sessions s
       JOIN users u ON u.id = s.user_id
       LEFT JOIN memberships m ON m.organization_id = s.organization_id AND m.user_id = s.user_id`
  const liveOfOrg = db.prepare<[number, number, number], AdminSessionView>(
    `${VIEW} WHERE s.organization_id = ? AND s.ended_at IS NULL AND s.expires_at > ?
        AND s.idle_expires_at > ? ORDER BY s.last_seen_at DESC, s.id DESC`,
  )
  const byId = db.prepare<[number], AdminSessionView>(`${VIEW} WHERE s.id = ?`)
  const endOthersOf = db.prepare<[number, number, number]>(
    'UPDATE admin_sessions SET ended_at = ? WHERE user_id = ? AND id <> ? AND ended_at IS NULL',
  )
  // Ended and expired rows serve no one; dropping them keeps the table the size of live use.
  const purge = db.prepare<[number, number]>(
    `DELETE FROM admin_sessions
      WHERE ended_at IS NOT NULL OR expires_at <= ? OR idle_expires_at <= ?`,
  )
  return {
    insert: (row: AdminSessionInsert) => Number(insert.run(row).lastInsertRowid),
    byHash: (hash: Buffer) => byHash.get(hash),
    touch: (id: number, now: number, idleExpiresAt: number) =>
      void touch.run(now, idleExpiresAt, id),
    end: (id: number, now: number) => void end.run(now, id),
    /** Ends every session of the person; the count ended (expired ones included). */
    endAllFor: (userId: number, now: number) => endAllFor.run(now, userId).changes,
    /** Ends the person's sessions except `keepId`; the count ended. */
    endOthersOf: (userId: number, keepId: number, now: number) =>
      endOthersOf.run(now, userId, keepId).changes,
    /** Sessions not ended nor expired, most recently seen first. */
    liveOfOrg: (orgId: number, now: number) => liveOfOrg.all(orgId, now, now),
    byId: (id: number) => byId.get(id),
    purge: (now: number) => purge.run(now, now).changes,
  }
}
export type AdminSessionsRepo = ReturnType<typeof adminSessionsRepo>
