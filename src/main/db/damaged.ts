import { statSync } from 'node:fs'
import type Database from 'better-sqlite3'

/** SQLite's words for "this file is not a whole database". */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX'])

export class DatabaseDamagedError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      `The database ${path} is damaged (${reason}). Tessera did not change it. ` +
        `Restore it from a backup: tessera restore --from BACKUP_FILE --db ${path}`,
    )
    this.name = 'DatabaseDamagedError'
  }
}

export function isDamage(err: unknown): err is Error & { code: string } {
  return err instanceof Error && DAMAGE_CODES.has((err as { code?: string }).code ?? '')
}

/**
 * Databases up to this size get a full `quick_check` when opened; larger ones rely on SQLite
 * reporting damage when a damaged page is read (and on `tessera check`), so start-up stays fast.
 */
export const STARTUP_CHECK_MAX_BYTES = 256 * 1024 * 1024

export function startupCheck(db: Database.Database, path: string): void {
  if (path === ':memory:') return
  let size = 0
  try {
    size = statSync(path).size
  } catch {
    return
  }
  if (size > STARTUP_CHECK_MAX_BYTES) return
  const result = String(db.pragma('quick_check', { simple: true }))
  if (result !== 'ok') throw new DatabaseDamagedError(path, result)
}
