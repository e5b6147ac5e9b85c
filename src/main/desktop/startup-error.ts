import type { Dialog, Shell } from 'electron'
import { DatabaseDamagedError } from '../db/damaged'
import { SchemaTooNewError } from '../db/migrate'
import { SchemaDriftError } from '../db/schema-check'
import { restoreDatabase } from '../engine/security/backup.service'

/** A title and words for someone who installed the app when the database cannot be opened. */
export function describeOpenError(
  err: unknown,
  dbPath: string,
): { title: string; message: string } {
  const where = `\n\nDatabase file: ${dbPath}`
  const code = (err as { code?: unknown } | null)?.code
  const text = err instanceof Error ? err.message : String(err)
  if (err instanceof SchemaTooNewError) {
    return { title: 'Tessera needs an update', message: text + where }
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return {
      title: 'The database is in use',
      message:
        'Another program is using the database — perhaps another copy of Tessera, or Tessera ' +
        'serving in the background. Close it and start Tessera again.' +
        where,
    }
  }
  if (err instanceof DatabaseDamagedError) {
    return {
      title: 'The database is damaged',
      message:
        `The database could not be read (${err.reason}). Tessera did not change it. Restore it ` +
        'from a backup, or move the file aside: Tessera then starts with a new, empty ' +
        'organization.' +
        where,
    }
  }
  if (err instanceof SchemaDriftError) {
    return { title: 'The database was changed outside Tessera', message: text }
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return {
      title: 'The database is damaged',
      message:
        'This file is not a readable Tessera database. Restore it from a backup, or move it ' +
        'aside: Tessera then starts with a new, empty organization.' +
        where,
    }
  }
  if (
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY' ||
    code === 'SQLITE_FULL' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    code === 'ENOSPC'
  ) {
    return {
      title: 'Tessera cannot write its database',
      message: `Check that the folder exists, that you may write to it and that the disk has free space.\n\n${text}${where}`,
    }
  }
  return { title: 'Tessera could not open its database', message: text + where }
}

export const STARTUP_CHOICES = ['Quit', 'Show the database file', 'Restore from a backup…'] as const

export interface StartupErrorDeps {
  dialog: Pick<Dialog, 'showMessageBox' | 'showOpenDialog'>
  shell: Pick<Shell, 'showItemInFolder'>
  log: (message: string, error?: unknown) => void
  /** Replaces the database with a verified backup (the engine's restore, as the CLI uses). */
  restore?: (backup: string, target: string) => { keptAs: string | null }
}

/**
 * Shows why the database cannot be opened and what the user can do: quit, see the file in the
 * file manager (then quit), or pick a backup and restore it. Resolves 'restored' when a backup
 * replaced the database (the caller starts again once), 'quit' otherwise. A backup that fails
 * its checks is explained and the choices come back.
 */
export async function handleStartupError(
  err: unknown,
  dbPath: string,
  deps: StartupErrorDeps,
): Promise<'quit' | 'restored'> {
  const restore = deps.restore ?? restoreDatabase
  const { title, message } = describeOpenError(err, dbPath)
  deps.log(`start-up failed: ${title} (${dbPath})`, err)
  for (;;) {
    const { response } = await deps.dialog.showMessageBox({
      type: 'error',
      title,
      message: title,
      detail: message,
      buttons: [...STARTUP_CHOICES],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    })
    if (response === 1) {
      deps.shell.showItemInFolder(dbPath)
      return 'quit'
    }
    if (response !== 2) return 'quit'
    const picked = await deps.dialog.showOpenDialog({
      title: 'Restore from a backup',
      buttonLabel: 'Restore',
      properties: ['openFile'],
      filters: [
        { name: 'Tessera backups', extensions: ['db'] },
        { name: 'All files', extensions: ['*'] },
      ],
    })
    const backup = picked.canceled ? undefined : picked.filePaths[0]
    if (!backup) continue
    try {
      const { keptAs } = restore(backup, dbPath)
      deps.log(`restored ${dbPath} from ${backup}${keptAs ? `; the old file is ${keptAs}` : ''}`)
      return 'restored'
    } catch (restoreErr) {
      deps.log(`restore from ${backup} refused`, restoreErr)
      await deps.dialog.showMessageBox({
        type: 'error',
        title: 'This backup cannot be restored',
        message: 'This backup cannot be restored',
        detail: `${restoreErr instanceof Error ? restoreErr.message : String(restoreErr)}\n\nNothing was changed. Choose another backup, or quit.`,
        buttons: ['OK'],
        noLink: true,
      })
    }
  }
}
