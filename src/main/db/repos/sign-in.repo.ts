import type { Role } from '../../../shared/roles'
import type { Db } from '../open'

export interface SignInFailureRow {
  key: string
  failures: number
  last_failure_at: number
  locked_until: number | null
}

/** A user as sign-in needs to see it: credentials plus the role in the organization. */
export interface SignInAccount {
  id: number
  email: string
  first_name: string
  last_name: string
  username: string
  kind: 'human' | 'service'
  password_hash: string | null
  role: Role | null
  member_deleted_at: number | null
  service_deleted_at: number | null
}

export function signInRepo(db: Db) {
  const account = db.prepare<[number, string], SignInAccount>(
    `SELECT u.id, u.email, u.first_name, u.last_name, u.username, u.kind, u.password_hash,
            m.role, m.deleted_at AS member_deleted_at, sa.deleted_at AS service_deleted_at
       FROM users u
       LEFT JOIN memberships m ON m.user_id = u.id AND m.organization_id = ?
       LEFT JOIN service_accounts sa ON sa.user_id = u.id
      WHERE u.email = ? COLLATE NOCASE`,
  )
  const setProfile = db.prepare<[string, string, string, string, number]>(
    `UPDATE users SET email = ?, first_name = ?, last_name = ?, password_hash = ?
      WHERE id = ? AND kind = 'human'`,
  )
  const getFailure = db.prepare<[string], SignInFailureRow>(
    'SELECT * FROM sign_in_failures WHERE key = ?',
  )
  const putFailure = db.prepare<SignInFailureRow>(
    `INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until)
     VALUES (@key, @failures, @last_failure_at, @locked_until)
     ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
       last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
  )
  const clearFailure = db.prepare<[string]>('DELETE FROM sign_in_failures WHERE key = ?')
  return {
    account: (orgId: number, email: string) => account.get(orgId, email),
    setProfile: (userId: number, p: { email: string; first: string; last: string; hash: string }) =>
      setProfile.run(p.email, p.first, p.last, p.hash, userId).changes,
    failure: (key: string) => getFailure.get(key),
    putFailure: (row: SignInFailureRow) => void putFailure.run(row),
    clearFailure: (key: string) => void clearFailure.run(key),
  }
}
export type SignInRepo = ReturnType<typeof signInRepo>
