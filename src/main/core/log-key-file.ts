import type { Db } from '../db/open'
import { keyFileFor, loadKeyFile, type LogKeys } from '../engine/activity/log-keys'

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
