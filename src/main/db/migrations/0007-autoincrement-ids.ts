import type Database from 'better-sqlite3'
import type { Migration } from '../migrate'

/**
 * Tables whose ids the API, the UI or the activity log shows. Their rowid primary keys become
 * `AUTOINCREMENT`: SQLite otherwise hands out max(id) + 1, so deleting the newest task (or
 * project, annotation, …) gives its id to the next one, and an id held by an ML backend, an
 * export or a log entry starts naming another object. Label Studio's ids come from PostgreSQL
 * sequences and never repeat; `sqlite_sequence` gives the same promise.
 *
 * Left alone: the activity log (its ids are assigned by the hash chain and hashed with each
 * entry), tables keyed by another table's id (service_accounts, the member tables, the
 * performance roll-ups) and the single-row state tables.
 */
const TABLES = [
  'organizations',
  'users',
  'memberships',
  'workspaces',
  'projects',
  'tasks',
  'annotations',
  'reviews',
  'predictions',
  'api_tokens',
  'quota_requests',
  'admin_sessions',
] as const

/**
 * Ids the activity log mentions, so an object deleted before this migration (whose id SQLite
 * would otherwise hand out again) does not lend its id to the next one. Each column has an
 * index starting with it, so each is one probe.
 */
const LOGGED: Partial<Record<(typeof TABLES)[number], readonly string[]>> = {
  projects: ['project_id'],
  workspaces: ['workspace_id'],
  users: ['actor_id', 'target_user_id'],
  api_tokens: ['token_id'],
}

interface SchemaRow {
  type: string
  name: string
  sql: string
}

const PRIMARY_KEY = /\bid INTEGER PRIMARY KEY,/

/**
 * Rebuilds each table the way SQLite's documentation prescribes for changes ALTER TABLE cannot
 * make (create the new table, copy, drop the old one, rename the new one), with foreign keys
 * off for the duration (so dropping a parent does not cascade into its children) and checked
 * before commit. Rows keep their ids; indexes and every trigger are recreated from their own
 * definitions, so the schema is the same apart from the keyword. The triggers are dropped
 * first because they read other tables, which are briefly missing while those are rebuilt.
 */
function up(db: Database.Database): void {
  const objects = db
    .prepare<
      [],
      SchemaRow
    >("SELECT type, name, sql FROM main.sqlite_schema WHERE type IN ('table', 'index', 'trigger') AND sql IS NOT NULL")
    .all()
  const tableSql = new Map(objects.filter((o) => o.type === 'table').map((o) => [o.name, o.sql]))
  const triggers = objects.filter((o) => o.type === 'trigger')
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`)
  for (const table of TABLES) {
    const sql = tableSql.get(table)
    if (!sql || !PRIMARY_KEY.test(sql)) throw new Error(`unexpected definition of ${table}`)
    const indexes = db
      .prepare<
        [string],
        SchemaRow
      >("SELECT type, name, sql FROM main.sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
      .all(table)
    const rebuilt = sql
      .replace(PRIMARY_KEY, 'id INTEGER PRIMARY KEY AUTOINCREMENT,')
      .replace(/^CREATE TABLE "?\w+"?/, `CREATE TABLE "${table}_rebuilt"`)
    db.exec(rebuilt)
    // Copying with explicit ids also sets sqlite_sequence to the largest one.
    db.exec(`INSERT INTO "${table}_rebuilt" SELECT * FROM "${table}"`)
    db.exec(`DROP TABLE "${table}"`)
    db.exec(`ALTER TABLE "${table}_rebuilt" RENAME TO "${table}"`)
    for (const index of indexes) db.exec(index.sql)
    for (const column of LOGGED[table] ?? []) raiseSequence(db, table, column)
  }
  for (const t of triggers) db.exec(t.sql)
  const broken = db.pragma('foreign_key_check') as unknown[]
  if (broken.length > 0) throw new Error(`foreign keys broken by the rebuild: ${broken.length}`)
}

function raiseSequence(db: Database.Database, table: string, column: string): void {
  const logged = db
    .prepare<[], number | null>(`SELECT max("${column}") FROM activity_entries`)
    .pluck()
    .get()
  if (logged === null || logged === undefined) return
  const seq = db
    .prepare<[string], number>('SELECT seq FROM sqlite_sequence WHERE name = ?')
    .pluck()
    .get(table)
  if (seq === undefined)
    db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table, logged)
  else if (logged > seq)
    db.prepare('UPDATE sqlite_sequence SET seq = ? WHERE name = ?').run(logged, table)
}

export const migration0007: Migration = {
  version: 7,
  name: 'autoincrement-ids',
  foreignKeysOff: true,
  up,
}
