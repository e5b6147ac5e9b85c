import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync } from 'node:fs'
import Database from 'better-sqlite3'
import type { Db } from '../db/open'
import {
  generateLogKeys,
  keyFileFor,
  loadKeyFile,
  parseLogKeys,
  writeKeyFile,
  type LogKeys,
} from '../engine/activity/log-keys'

/** The key ids the database's activity log is chained with (newest last). */
export function chainKeyIds(db: Db): string[] {
  return db
    .prepare<[], { key_id: string }>(
      'SELECT key_id FROM activity_chain_segments WHERE key_id IS NOT NULL ORDER BY first_id',
    )
    .all()
    .map((r) => r.key_id)
}

export class MissingLogKeyError extends Error {
  constructor(
    readonly keyFile: string,
    readonly keyId: string,
  ) {
    super(
      `The activity log of this database is chained with the log key ${keyId}, which is not at ${keyFile}. ` +
        `Put the key file there (it was written by "tessera activity key export"; "tessera restore --log-key FILE" does it), ` +
        `or name it with --log-key-file. To go on with a new key instead (the entries chained with the old one can then no ` +
        `longer be proved), run "tessera activity key new".`,
    )
    this.name = 'MissingLogKeyError'
  }
}

export interface KeyFileOptions {
  /** --log-key-file; default `<database>.log-key`. */
  keyFile?: string
  /** Read the key if it is there, never create one (check, verify). */
  readOnly?: boolean
  randomBytes: (n: number) => Uint8Array
}

/**
 * The installation's activity-log keys for serve mode and the CLI: a 0600 file beside the
 * database (or the one named). A new file is created only while the database has no keyed
 * entries yet; otherwise a missing key is an error, not a silent new key.
 */
export function installationKeys(db: Db, dbPath: string, o: KeyFileOptions): LogKeys | null {
  const keyFile = o.keyFile ?? keyFileFor(dbPath)
  const used = chainKeyIds(db)
  const keys = loadKeyFile(keyFile, { create: false, randomBytes: o.randomBytes })
  if (keys || o.readOnly) return keys
  if (used.length > 0) throw new MissingLogKeyError(keyFile, used[used.length - 1]!)
  return loadKeyFile(keyFile, { create: true, randomBytes: o.randomBytes })
}

/** The log key ids a backup file's activity log is chained with (none for an older schema). */
export function backupKeyIds(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    const has = db
      .prepare(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'activity_chain_segments'",
      )
      .get()
    return has ? chainKeyIds(db) : []
  } finally {
    db.close()
  }
}

/**
 * The key a restore puts beside the restored database: `given` (a file from `activity key
 * export`), else the key already there when the backup's log is chained with it. Returns what
 * to do, before anything is replaced, so a refused restore changes nothing.
 */
export function planKeyRestore(
  backup: string,
  keyFile: string,
  given: string | undefined,
  withoutKey: boolean,
): { install: LogKeys | null; message: string } {
  const used = backupKeyIds(backup)
  if (given) {
    const keys = parseLogKeys(readFileSync(given, 'utf8'))
    if (used.length > 0 && !used.includes(keys.keyId))
      throw new Error(
        `${given} is not the key this backup's activity log is chained with (${used.join(', ')})`,
      )
    return {
      install: keys,
      message: `the activity log key from ${given} is installed at ${keyFile}`,
    }
  }
  if (used.length === 0) return { install: null, message: '' }
  const here = existsSync(keyFile) ? parseLogKeys(readFileSync(keyFile, 'utf8')) : null
  if (here && used.includes(here.keyId)) return { install: null, message: '' }
  if (!withoutKey)
    throw new Error(
      `The activity log of this backup is chained with the log key ${used[used.length - 1]}, which is not on this machine. ` +
        `Give the key file written by "tessera activity key export" with --log-key FILE, or restore --without-log-key: ` +
        `the entries chained with that key can then no longer be proved, and a new key begins.`,
    )
  return {
    install: generateLogKeys((n) => randomBytes(n)),
    message: `without its log key: "tessera check" will report the keyed entries as not provable; a new log key begins at ${keyFile}`,
  }
}

/** Puts `keys` at `keyFile`, keeping a different key that was there as `<file>.before-restore`. */
export function installKey(keyFile: string, keys: LogKeys): void {
  if (existsSync(keyFile)) renameSync(keyFile, `${keyFile}.before-restore`)
  writeKeyFile(keyFile, keys)
}
