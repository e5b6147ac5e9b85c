import { later, type Db } from '../open'

export interface ServiceAccountRow {
  user_id: number
  organization_id: number
  name: string
  name_key: string
  description: string
  created_by: number
  created_at: number
  deleted_at: number | null
  deleted_by: number | null
  /** Moves on every change of role, assignments or deletion (triggers keep it). */
  version: number
  /** JSON array of addresses and CIDR ranges; null accepts any source. */
  allowed_networks: string | null
}

/** The latest admin action done to an account: who changed it last, and when. */
export interface LastChange {
  ts: number
  actor_id: number | null
  email: string | null
  first_name: string | null
  last_name: string | null
  username: string | null
}

type NewServiceAccountRow = Omit<
  ServiceAccountRow,
  'deleted_at' | 'deleted_by' | 'allowed_networks' | 'version'
>

export function serviceAccountsRepo(db: Db) {
  const get = db.prepare<[number], ServiceAccountRow>(
    'SELECT * FROM service_accounts WHERE user_id = ?',
  )
  const list = db.prepare<[number], ServiceAccountRow>(
    'SELECT * FROM service_accounts WHERE organization_id = ? ORDER BY lower(name)',
  )
  const byNameKey = db.prepare<[number, string], ServiceAccountRow>(
    'SELECT * FROM service_accounts WHERE organization_id = ? AND name_key = ?',
  )
  const countLive = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM service_accounts WHERE organization_id = ? AND deleted_at IS NULL',
  )
  const setNetworks = later(() =>
    db.prepare<[string | null, number]>(
      'UPDATE service_accounts SET allowed_networks = ? WHERE user_id = ?',
    ),
  )
  const insert = db.prepare<NewServiceAccountRow>(
    `INSERT INTO service_accounts (user_id, organization_id, name, name_key, description,
       created_by, created_at)
     VALUES (@user_id, @organization_id, @name, @name_key, @description, @created_by,
       @created_at)`,
  )
  const setDeleted = db.prepare<[number | null, number | null, number]>(
    'UPDATE service_accounts SET deleted_at = ?, deleted_by = ? WHERE user_id = ?',
  )
  const lastChange = db.prepare<[number], LastChange>(
    `SELECT a.ts, a.actor_id, u.email, u.first_name, u.last_name, u.username
       FROM activity_entries a LEFT JOIN users u ON u.id = a.actor_id
      WHERE a.target_user_id = ? AND a.kind = 'admin'
      ORDER BY a.ts DESC, a.id DESC LIMIT 1`,
  )
  return {
    get: (userId: number) => get.get(userId),
    lastChange: (userId: number) => lastChange.get(userId),
    list: (orgId: number) => list.all(orgId),
    /** Every account whose name has this key (serviceAccountNameKey), deleted ones included. */
    byNameKey: (orgId: number, key: string) => byNameKey.all(orgId, key),
    countLive: (orgId: number) => countLive.get(orgId)!.n,
    insert: (row: NewServiceAccountRow) => void insert.run(row),
    setNetworks: (userId: number, networks: string | null) =>
      void setNetworks().run(networks, userId),
    setDeleted: (userId: number, at: number | null, by: number | null) =>
      void setDeleted.run(at, by, userId),
  }
}
export type ServiceAccountsRepo = ReturnType<typeof serviceAccountsRepo>
