import type { Db } from '../open'

export interface UserRow {
  id: number
  username: string
  email: string
  first_name: string
  last_name: string
  kind: 'human' | 'service'
  password_hash: string | null
  created_at: number
  last_activity: number | null
}

export type UserInsert = Omit<UserRow, 'id' | 'last_activity' | 'password_hash'> & {
  password_hash?: string | null
}

export function usersRepo(db: Db) {
  const byId = db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?')
  const byEmail = db.prepare<[string], UserRow>(
    'SELECT * FROM users WHERE email = ? COLLATE NOCASE',
  )
  const byUsername = db.prepare<[string], UserRow>(
    'SELECT * FROM users WHERE username = ? COLLATE NOCASE',
  )
  const insert = db.prepare<UserInsert & { password_hash: string | null }>(
    `INSERT INTO users (username, email, first_name, last_name, kind, password_hash, created_at)
     VALUES (@username, @email, @first_name, @last_name, @kind, @password_hash, @created_at)`,
  )
  const setPassword = db.prepare<[string | null, number]>(
    "UPDATE users SET password_hash = ? WHERE id = ? AND kind = 'human'",
  )
  const touch = db.prepare<[number, number]>('UPDATE users SET last_activity = ? WHERE id = ?')
  return {
    get: (id: number) => byId.get(id),
    byEmail: (email: string) => byEmail.get(email),
    byUsername: (username: string) => byUsername.get(username),
    insert: (u: UserInsert) =>
      Number(insert.run({ ...u, password_hash: u.password_hash ?? null }).lastInsertRowid),
    setPassword: (id: number, hash: string | null) => void setPassword.run(hash, id),
    touch: (id: number, now: number) => void touch.run(now, id),
  }
}
export type UsersRepo = ReturnType<typeof usersRepo>
