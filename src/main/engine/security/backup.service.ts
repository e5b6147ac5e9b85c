import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { makePrivate } from '../../db/file-modes'
import Database from 'better-sqlite3'
import { migrations } from '../../db/migrations'
import { checkSchema, describeProblems, type SchemaCheck } from '../../db/schema-check'
export { DatabaseDamagedError } from '../../db/damaged'
import type { EngineDeps } from '../deps'
import { EngineError, invalid } from '../errors'
import { saveFile, type SaveOptions } from '../save-file'

export interface BackupResult {
  path: string
  bytes: number
  ms: number
}

export interface DatabaseReport {
  /** 'ok', or SQLite's description of the damage. */
  integrity: string
  schemaVersion: number
  /** Whether the schema objects are exactly the ones Tessera's migrations create. */
  schema: SchemaCheck
}

/**
 * Integrity and schema of an open connection. `full` runs `integrity_check` (about 10 s per
 * GB, synchronous), otherwise `quick_check` (no index-content comparison, a few times faster).
 */
export function reportDatabase(db: Database.Database, options: { full: boolean }): DatabaseReport {
  const integrity = String(
    db.pragma(options.full ? 'integrity_check' : 'quick_check', { simple: true }),
  )
  const schemaVersion = Number(db.pragma('user_version', { simple: true }))
  const schema: SchemaCheck =
    schemaVersion > migrations.length
      ? {
          ok: false,
          problems: [{ kind: 'unknown', type: 'schema', name: `version ${schemaVersion}` }],
        }
      : checkSchema(db)
  return { integrity, schemaVersion, schema }
}

/**
 * A database file read without being opened for use (no migration, no write), so `tessera
 * check` can report on a file Tessera would refuse to start with.
 */
export function reportDatabaseFile(path: string): DatabaseReport {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    db.pragma('trusted_schema = OFF')
    return reportDatabase(db, { full: true })
  } finally {
    db.close()
  }
}

/**
 * Opens a candidate backup read-only and checks it is a compatible Tessera database whose
 * schema objects are exactly those Tessera's migrations create at its version: a file from
 * elsewhere may carry triggers or views that would run with Tessera's rights once restored.
 * `full` runs `integrity_check` too (about 10 s per GB, synchronous): right for a restore,
 * when nothing serves; too long to hold the event loop while the API is answering.
 */
export function inspectBackup(
  path: string,
  options: { full: boolean } = { full: true },
): { schemaVersion: number; integrity: string } {
  if (!existsSync(path)) throw invalid(`No file at ${path}`, 'path')
  let db: Database.Database | undefined
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
    db.pragma('trusted_schema = OFF')
    const integrity = options.full ? String(db.pragma('integrity_check', { simple: true })) : 'ok'
    const schemaVersion = Number(db.pragma('user_version', { simple: true }))
    const hasOrg = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'organizations'")
      .get()
    if (integrity !== 'ok') throw invalid(`The backup is damaged: ${integrity}`, 'path')
    if (!hasOrg) throw invalid('This file is not a Tessera database', 'path')
    if (schemaVersion > migrations.length) {
      throw invalid('The backup was made by a newer Tessera; update Tessera to restore it', 'path')
    }
    const schema = checkSchema(db)
    if (!schema.ok) {
      throw new EngineError(
        'VALIDATION',
        `${path} was changed outside Tessera: ${describeProblems(schema.problems)}. Nothing was ` +
          `restored and the current database is unchanged. Restore a backup you made with Tessera.`,
        { field: 'path', problems: schema.problems },
      )
    }
    return { schemaVersion, integrity }
  } catch (err) {
    if (err instanceof Error && err.name === 'EngineError') throw err
    throw invalid(`Cannot read ${path} as a Tessera database: ${(err as Error).message}`, 'path')
  } finally {
    db?.close()
  }
}

/**
 * Makes a copied database file stand alone: SQLite's backup keeps the source's WAL mode in the
 * file header, and any later reader (a read-only check included) would then create -wal and
 * -shm files beside it. In rollback-journal mode the backup is one file.
 */
function standalone(path: string): void {
  const db = new Database(path, { fileMustExist: true })
  try {
    db.pragma('trusted_schema = OFF')
    db.pragma('journal_mode = DELETE')
  } finally {
    db.close()
  }
}

/** A backup made for a download, in a private file of its own; `dispose` deletes it. */
export interface TemporaryBackup extends BackupResult {
  dispose(): void
}

/**
 * SQLite's online backup: a consistent copy while the API keeps serving (pages copied in steps
 * so writers are not blocked for long).
 */
export function backupService(deps: EngineDeps) {
  /**
   * Backs up to `path`, owner-only, through a temporary file beside it (see saveFile): an
   * existing file is refused unless `overwrite` (the desktop save dialog confirmed it), and
   * nothing else beside it is touched or left behind.
   */
  async function backupTo(
    path: string,
    options: SaveOptions = { overwrite: false },
  ): Promise<BackupResult> {
    const started = performance.now()
    await saveFile(path, options, async (temp) => {
      await deps.db.backup(temp)
      makePrivate(temp)
      standalone(temp)
      // The backup API copies pages exactly; a cheap look (header, schema, tables) confirms
      // the file is whole without blocking the API for the length of a full integrity check.
      inspectBackup(temp, { full: false })
    })
    return { path, bytes: statSync(path).size, ms: Math.round(performance.now() - started) }
  }

  /**
   * A backup for a browser to download: in the data folder (beside the database, so on the
   * same disk and as private), under a name chosen here; an in-memory database uses a private
   * temporary folder. The caller streams it and then calls `dispose`.
   */
  async function backupForDownload(): Promise<TemporaryBackup> {
    const inMemory = deps.db.memory || !deps.db.name || deps.db.name === ':memory:'
    const folder = inMemory ? mkdtempSync(join(tmpdir(), 'tessera-backup-')) : dirname(deps.db.name)
    const path = join(folder, `.tessera-download-${randomBytes(8).toString('hex')}.db`)
    const dispose = () => {
      rmSync(path, { force: true })
      if (inMemory) rmSync(folder, { recursive: true, force: true })
    }
    try {
      return { ...(await backupTo(path)), dispose }
    } catch (err) {
      dispose()
      throw err
    }
  }

  /** The live database's integrity (quick_check: it holds the event loop) and schema. */
  const check = (): DatabaseReport => reportDatabase(deps.db, { full: false })
  return { backupTo, backupForDownload, check }
}

/**
 * Replaces the database at `target` with a verified backup. The caller must have closed every
 * connection to `target` first (the desktop app restarts; the CLI runs while nothing serves).
 * The current file is kept beside it as `<target>.before-restore`.
 */
export function restoreDatabase(backup: string, target: string): { keptAs: string | null } {
  inspectBackup(backup)
  let keptAs: string | null = null
  if (existsSync(target)) {
    keptAs = `${target}.before-restore`
    copyFileSync(target, keptAs)
    makePrivate(keptAs)
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true })
  const staging = `${target}.restoring`
  copyFileSync(backup, staging)
  makePrivate(staging)
  renameSync(staging, target)
  return { keptAs }
}
