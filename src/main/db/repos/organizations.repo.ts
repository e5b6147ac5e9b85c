import { later, type Db } from '../open'

export interface OrganizationRow {
  id: number
  title: string
  created_by: number | null
  seat_limit: number
  service_account_quota: number
  api_keys_enabled: 0 | 1
  pats_enabled: 0 | 1
  token_max_lifetime_days: number | null
  activity_retention_days: number
  activity_budget_mb: number
  api_enabled: 0 | 1
  api_host: string
  api_port: number
  /** Deactivate service accounts unused for this many days; null: the rule is off. */
  stale_account_days: number | null
  /** The Owner who set the rule; its deactivations are recorded in their name. */
  stale_rule_by: number | null
  created_at: number
  updated_at: number
}

export type OrganizationSettingsColumns = Partial<
  Pick<
    OrganizationRow,
    | 'title'
    | 'seat_limit'
    | 'service_account_quota'
    | 'api_keys_enabled'
    | 'pats_enabled'
    | 'token_max_lifetime_days'
    | 'activity_retention_days'
    | 'activity_budget_mb'
    | 'api_enabled'
    | 'api_host'
    | 'api_port'
  >
>

const SETTABLE = [
  'title',
  'seat_limit',
  'service_account_quota',
  'api_keys_enabled',
  'pats_enabled',
  'token_max_lifetime_days',
  'activity_retention_days',
  'activity_budget_mb',
  'api_enabled',
  'api_host',
  'api_port',
] as const

export function organizationsRepo(db: Db) {
  const first = db.prepare<[], OrganizationRow>('SELECT * FROM organizations ORDER BY id LIMIT 1')
  const byId = db.prepare<[number], OrganizationRow>('SELECT * FROM organizations WHERE id = ?')
  const insert = db.prepare<{ title: string; now: number }>(
    'INSERT INTO organizations (title, created_at, updated_at) VALUES (@title, @now, @now)',
  )
  const setOwner = db.prepare<[number, number]>(
    'UPDATE organizations SET created_by = ? WHERE id = ?',
  )
  // One statement per column keeps SQL static: no string-built updates. Prepared on first use,
  // so an engine over a file seeded at an older schema (migration tests) can still be built.
  const setters = new Map<(typeof SETTABLE)[number], ReturnType<Db['prepare']>>()
  const setter = (col: (typeof SETTABLE)[number]) => {
    let statement = setters.get(col)
    if (!statement) {
      statement = db.prepare(
        `UPDATE organizations SET ${col} = @value, updated_at = @now WHERE id = @id`,
      )
      setters.set(col, statement)
    }
    return statement
  }
  const all = db.prepare<[], OrganizationRow>('SELECT * FROM organizations ORDER BY id')
  const setStaleRule = later(() =>
    db.prepare<[number | null, number | null, number, number]>(
      'UPDATE organizations SET stale_account_days = ?, stale_rule_by = ?, updated_at = ? WHERE id = ?',
    ),
  )
  return {
    first: () => first.get(),
    all: () => all.all(),
    setStaleRule: (id: number, days: number | null, by: number | null, now: number) =>
      void setStaleRule().run(days, by, now, id),
    get: (id: number) => byId.get(id),
    insert: (title: string, now: number) => Number(insert.run({ title, now }).lastInsertRowid),
    setOwner: (id: number, userId: number) => void setOwner.run(userId, id),
    update(id: number, patch: OrganizationSettingsColumns, now: number) {
      for (const col of SETTABLE) {
        if (patch[col] !== undefined) setter(col).run({ id, value: patch[col], now })
      }
    },
  }
}
export type OrganizationsRepo = ReturnType<typeof organizationsRepo>
