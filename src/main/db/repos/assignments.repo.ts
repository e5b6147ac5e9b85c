import type { Db } from '../open'

/**
 * workspace_members and project_members: the same shape, one repository per table built from
 * this factory so each table's statements are still prepared once.
 */
function membersTable(db: Db, table: 'workspace_members' | 'project_members', key: string) {
  const add = db.prepare<[number, number, number]>(
    `INSERT OR IGNORE INTO ${table} (${key}, user_id, created_at) VALUES (?, ?, ?)`,
  )
  const remove = db.prepare<[number, number]>(
    `DELETE FROM ${table} WHERE ${key} = ? AND user_id = ?`,
  )
  const removeAllFor = db.prepare<[number]>(`DELETE FROM ${table} WHERE user_id = ?`)
  const usersOf = db.prepare<[number], { user_id: number }>(
    `SELECT user_id FROM ${table} WHERE ${key} = ?`,
  )
  const ofUser = db.prepare<[number], { id: number }>(
    `SELECT ${key} AS id FROM ${table} WHERE user_id = ? ORDER BY ${key}`,
  )
  const has = db.prepare<[number, number], { x: number }>(
    `SELECT 1 AS x FROM ${table} WHERE ${key} = ? AND user_id = ?`,
  )
  return {
    /** True when the membership is new. */
    add: (id: number, userId: number, now: number) => add.run(id, userId, now).changes > 0,
    remove: (id: number, userId: number) => remove.run(id, userId).changes > 0,
    removeAllFor: (userId: number) => void removeAllFor.run(userId),
    usersOf: (id: number) => usersOf.all(id).map((r) => r.user_id),
    ofUser: (userId: number) => ofUser.all(userId).map((r) => r.id),
    has: (id: number, userId: number) => has.get(id, userId) !== undefined,
  }
}

export const workspaceMembersRepo = (db: Db) =>
  membersTable(db, 'workspace_members', 'workspace_id')
export const projectMembersRepo = (db: Db) => membersTable(db, 'project_members', 'project_id')
export type AssignmentsRepo = ReturnType<typeof workspaceMembersRepo>
