import { extname, join } from 'node:path'
import { app, dialog, ipcMain, type BrowserWindow } from 'electron'
import { resolveHostDb } from './core/data-dir'
import { withApiStatus } from './core/rpc-context'
import { startCore, type Core } from './core/start-core'
import { DatabaseDamagedError } from './db/damaged'
import { SchemaTooNewError } from './db/migrate'
import { createDispatcher } from './rpc/dispatcher'
import { attachIpcTransport } from './rpc/electron-ipc'
import { createMainWindow, secureApp } from './window/main-window'

export { startCore, type Core, type CoreOptions } from './core/start-core'

/** A title and a message for the error dialog shown when the database cannot be opened. */
export function describeOpenError(
  err: unknown,
  dbPath: string,
): { title: string; message: string } {
  const where = `\n\nDatabase: ${dbPath}`
  const code = (err as { code?: unknown } | null)?.code
  const text = err instanceof Error ? err.message : String(err)
  if (err instanceof SchemaTooNewError) {
    return { title: 'Tessera needs an update', message: text + where }
  }
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(text)) {
    return {
      title: 'Tessera cannot load its database driver',
      message:
        'better-sqlite3 was built for Node.js, not for Electron. Run `npm run native:electron` ' +
        '(it needs to download the Electron headers) and start Tessera again.' +
        `\n\n${text}`,
    }
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return {
      title: 'The database is in use',
      message:
        'Another program holds the database (another Tessera window or `npm run serve`?). ' +
        'Close it and start Tessera again.' +
        where,
    }
  }
  if (err instanceof DatabaseDamagedError) {
    return {
      title: 'The database is damaged',
      message: `${text}\n\nOr move the file aside: Tessera then starts with a new, empty organization.`,
    }
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return {
      title: 'The database is damaged',
      message:
        'This file is not a readable Tessera database. Move it aside (Tessera will start with ' +
        'an empty organization) or restore it from a backup.' +
        where,
    }
  }
  if (
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'ENOSPC'
  ) {
    return {
      title: 'Tessera cannot write its database',
      message: `Check that the folder exists, is writable and has free space.\n\n${text}${where}`,
    }
  }
  return { title: 'Tessera could not open its database', message: text + where }
}

/** The native save dialog, in the documents folder, filtered to the suggested file's type. */
async function chooseSavePath(win: BrowserWindow | null, name: string): Promise<string | null> {
  const ext = extname(name).slice(1)
  const options = {
    defaultPath: join(app.getPath('documents'), name),
    filters: ext ? [{ name: ext.toUpperCase(), extensions: [ext] }] : [],
  }
  const result =
    win && !win.isDestroyed()
      ? await dialog.showSaveDialog(win, options)
      : await dialog.showSaveDialog(options)
  return result.canceled || !result.filePath ? null : result.filePath
}

export interface Desktop {
  /** Shows the admin window, creating it if it was closed (macOS dock, second launch). */
  show(): void
  close(): Promise<void>
}

/**
 * The Electron half: app protections → core → IPC transport → window. Returns null after
 * showing an error dialog if the database cannot be opened (the caller quits).
 */
export async function startDesktop(): Promise<Desktop | null> {
  const mainDir = __dirname
  const location = secureApp(mainDir)
  // The same database as the CLI's default, moved there from an earlier build's folder once.
  const { path: dbPath, message: moved } = resolveHostDb()
  if (moved) console.log(moved)
  let core: Core
  try {
    core = await startCore({ dbPath })
  } catch (err) {
    console.error('database open failed', err)
    const { title, message } = describeOpenError(err, dbPath)
    dialog.showErrorBox(title, message)
    return null
  }

  let win: BrowserWindow | null = null
  const transport = attachIpcTransport({
    ipcMain,
    engine: core.engine,
    actor: core.actor,
    apiUrl: core.api.url,
    target: () => (win && !win.isDestroyed() ? win.webContents : null),
    isRendererUrl: location.isOurs,
    chooseSavePath: (name) => chooseSavePath(win, name),
    // Settings tell why the API is not on its saved port; it follows its settings by itself.
    dispatch: withApiStatus(createDispatcher(), core.api),
  })

  const show = () => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore()
      win.focus()
      return
    }
    win = createMainWindow(mainDir, location)
    win.on('closed', () => {
      win = null
    })
  }
  show()
  return {
    show,
    async close() {
      transport.dispose()
      await core.close()
    },
  }
}
