import type { Role } from '../../../shared/roles'
import type { Db } from '../open'
import type { UserRow } from './users.repo'

export interface MembershipRow {
  id: number
  organization_id: number
  user_id: number
  role: Role
  user_type: 'standard' | 'service'
  created_at: number
  updated_at: number
  deleted_at: number | null
}

export type MemberRow = MembershipRow & Omit<UserRow, 'id' | 'created_at'>

export function membershipsRepo(db: Db) {
  const get = db.prepare<[number, number], MembershipRow>(
    'SELECT * FROM memberships WHERE organization_id = ? AND user_id = ?',
  )
  const list = db.prepare<[number], MemberRow>(
    `SELECT m.*, u.username, u.email, u.first_name, u.last_name, u.kind, u.password_hash,
            u.last_activity
       FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organization_id = ?
      ORDER BY u.kind, lower(u.email)`,
  )
  const insert = db.prepare<Omit<MembershipRow, 'id' | 'updated_at' | 'deleted_at'>>(
    `INSERT INTO memberships (organization_id, user_id, role, user_type, created_at, updated_at)
     VALUES (@organization_id, @user_id, @role, @user_type, @created_at, @created_at)`,
  )
  const setRole = db.prepare<[Role, number, number, number]>(
    'UPDATE memberships SET role = ?, updated_at = ? WHERE organization_id = ? AND user_id = ?',
  )
  const setDeleted = db.prepare<[number | null, number, number, number]>(
    'UPDATE memberships SET deleted_at = ?, updated_at = ? WHERE organization_id = ? AND user_id = ?',
  )
  // Deactivated and not-yet-activated people hold no licence seat (adding either needs none).
  const seats = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n FROM memberships
      WHERE organization_id = ? AND user_type = 'standard' AND deleted_at IS NULL
        AND role NOT IN ('DI', 'NO')`,
  )
  const owner = db.prepare<[number], MembershipRow>(
    "SELECT * FROM memberships WHERE organization_id = ? AND role = 'OW' ORDER BY id LIMIT 1",
  )
  return {
    get: (orgId: number, userId: number) => get.get(orgId, userId),
    list: (orgId: number) => list.all(orgId),
    insert: (row: Omit<MembershipRow, 'id' | 'updated_at' | 'deleted_at'>) => void insert.run(row),
    setRole: (orgId: number, userId: number, role: Role, now: number) =>
      void setRole.run(role, now, orgId, userId),
    setDeleted: (orgId: number, userId: number, deletedAt: number | null, now: number) =>
      void setDeleted.run(deletedAt, now, orgId, userId),
    seatsUsed: (orgId: number) => seats.get(orgId)!.n,
    owner: (orgId: number) => owner.get(orgId),
  }
}
export type MembershipsRepo = ReturnType<typeof membershipsRepo>
