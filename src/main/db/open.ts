import Database from 'better-sqlite3'
import { DatabaseDamagedError, isDamage, startupCheck } from './damaged'
import { ensurePrivateFile, makePrivate } from './file-modes'
import { migrate, schemaVersion } from './migrate'
import { migrations } from './migrations'
import { ensurePlannerStats } from './planner-stats'
import { assertSchema } from './schema-check'

export type Db = Database.Database

export interface OpenOptions {
  /** Skip migrations (tests of the migrator itself). */
  migrate?: boolean
  readonly?: boolean
}

/**
 * Opens (creating if needed) a database file or ':memory:', with WAL, foreign keys and a busy
 * timeout, then brings its schema up to date. Throws SchemaTooNewError for a database written
 * by a newer Tessera, DatabaseDamagedError (with the restore command) for a damaged file and
 * SchemaDriftError for a file whose schema objects are not exactly the migrations' (checked
 * before anything is written, at the file's version, and again after migrating).
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const onDisk = path !== ':memory:' && path !== '' && !options.readonly
  if (onDisk) privateFiles(path, true)
  let db: Db
  try {
    db = new Database(path, { readonly: options.readonly ?? false })
  } catch (err) {
    throw isDamage(err) ? new DatabaseDamagedError(path, err.message) : err
  }
  try {
    // Schema objects (triggers, views, defaults, CHECKs) may only call SQLite's side-effect-free
    // functions; better-sqlite3 already turns SQLITE_DBCONFIG_DEFENSIVE on (unsafeMode off).
    db.pragma('trusted_schema = OFF')
    startupCheck(db, path)
    const version = schemaVersion(db)
    // A newer file is SchemaTooNewError's to refuse (in migrate), not a drift.
    if (version <= migrations.length) assertSchema(db, path)
    if (path !== ':memory:' && !options.readonly) db.pragma('journal_mode = WAL')
    if (onDisk) privateFiles(path, false)
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // NORMAL is durable in WAL mode against process crashes (kill -9); only an OS crash or
    // power loss may drop the last transactions.
    db.pragma('synchronous = NORMAL')
    if (options.migrate !== false && !options.readonly) {
      if (migrate(db, migrations) !== version) assertSchema(db, path)
      ensurePlannerStats(db)
    }
    return db
  } catch (err) {
    db.close()
    throw isDamage(err) ? new DatabaseDamagedError(path, err.message) : err
  }
}

/**
 * Owner-only database files. SQLite gives -wal, -shm and -journal files the mode of the main
 * file, so creating that one 0600 before SQLite does covers its companions on Linux and macOS;
 * an existing file (made 0644 by an older Tessera, or copied in) is tightened at open, and so
 * are companions left from before.
 */
function privateFiles(path: string, before: boolean) {
  try {
    if (before) ensurePrivateFile(path)
    for (const suffix of ['-wal', '-shm']) makePrivate(`${path}${suffix}`)
  } catch {
    // A folder that does not exist or cannot be written: SQLite's own error says it better.
  }
}

/**
 * A statement prepared on first use and kept. For statements over columns a later migration
 * added: a repository built over an older file (a migration test's fixture, written by the
 * engine before the upgrade) must not fail on a statement it never runs there.
 */
export function later<S>(prepare: () => S): () => S {
  let statement: S | undefined
  return () => (statement ??= prepare())
}
