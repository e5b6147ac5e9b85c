import type Database from 'better-sqlite3'

export interface Migration {
  version: number
  name: string
  /** SQL text, or a function for migrations that need logic. Runs inside a transaction. */
  up: string | ((db: Database.Database) => void)
  /**
   * Runs with foreign key enforcement off (SQLite cannot switch it inside a transaction), for
   * table rebuilds: dropping a parent table would otherwise cascade into its children. The
   * migration checks the keys itself before its transaction commits.
   */
  foreignKeysOff?: boolean
}

export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `This database was written by a newer version of Tessera (schema ${databaseVersion}; ` +
        `this version understands up to ${supportedVersion}). Update Tessera to open it.`,
    )
    this.name = 'SchemaTooNewError'
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Applies every migration above the database's user_version, each in its own transaction. */
export function migrate(db: Database.Database, list: readonly Migration[]): number {
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`)
  })
  const latest = list.length
  const current = schemaVersion(db)
  if (current > latest) throw new SchemaTooNewError(current, latest)
  for (const m of list.slice(current)) {
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1
    if (m.foreignKeysOff && enforced) db.pragma('foreign_keys = OFF')
    try {
      db.transaction(() => {
        if (typeof m.up === 'string') db.exec(m.up)
        else m.up(db)
        db.pragma(`user_version = ${m.version}`)
      })()
    } finally {
      if (m.foreignKeysOff && enforced) db.pragma('foreign_keys = ON')
    }
  }
  return latest
}
