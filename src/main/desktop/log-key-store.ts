import { existsSync, readFileSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import { safeStorage } from 'electron'
import { writePrivateFile } from '../db/file-modes'
import type { Db } from '../db/open'
import { MissingLogKeyError, chainKeyIds, installationKeys } from '../core/log-key-file'
import {
  generateLogKeys,
  keyFileFor,
  parseLogKeys,
  serializeLogKeys,
  type LogKeys,
} from '../engine/activity/log-keys'

/** The desktop's activity log key file: encrypted with the OS keychain through safeStorage. */
export const ENCRYPTED_KEY_FILE = 'activity-log-key.enc'

/**
 * The desktop's store of the activity log key: a file in the data folder encrypted with
 * Electron's safeStorage (the OS keychain: Keychain, DPAPI, libsecret/kwallet). A plain key file
 * beside the database (`tessera.db.log-key`: the exported key of a restored backup, or one
 * written while safeStorage was missing) is taken in and encrypted, replacing the encrypted one
 * when the database is chained with it. Where safeStorage is not available the key stays a plain 0600 file
 * beside the database, as in serve mode, and the log says so.
 */
export function desktopLogKeys(log: (message: string) => void) {
  return (db: Db, dbPath: string): LogKeys | null => {
    if (!safeStorage.isEncryptionAvailable()) {
      log(
        `safeStorage is not available on this system: the activity log key is kept unencrypted in ` +
          `${keyFileFor(dbPath)} (0600), readable by any program running as this user`,
      )
      return installationKeys(db, dbPath, { randomBytes: (n) => randomBytes(n) })
    }
    const encrypted = join(dirname(dbPath), ENCRYPTED_KEY_FILE)
    const plain = keyFileFor(dbPath)
    const used = chainKeyIds(db)
    const restored = existsSync(plain) ? parseLogKeys(readFileSync(plain, 'utf8')) : null
    // A key file placed beside a restored database wins when that database is chained with it.
    if (existsSync(encrypted) && !(restored && used.includes(restored.keyId)))
      return parseLogKeys(safeStorage.decryptString(readFileSync(encrypted)))
    let keys: LogKeys
    if (restored) keys = restored
    else {
      if (used.length > 0) throw new MissingLogKeyError(plain, used[used.length - 1]!)
      keys = generateLogKeys((n) => randomBytes(n))
    }
    writePrivateFile(encrypted, safeStorage.encryptString(serializeLogKeys(keys)))
    rmSync(plain, { force: true })
    return keys
  }
}
