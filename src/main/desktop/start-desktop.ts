import { dirname } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  safeStorage,
  screen,
  shell,
  Tray,
} from 'electron'
import type { ApiStatus } from '../../shared/contracts/organization.contract'
import { resolveHostDb } from '../core/data-dir'
import { withApiStatus } from '../core/rpc-context'
import { startCore, type Core } from '../core/start-core'
import { createDispatcher } from '../rpc/dispatcher'
import { attachIpcTransport } from '../rpc/electron-ipc'
import { createMainWindow, secureApp } from '../window/main-window'
import { aboutDetail, menuTemplate } from './app-menu'
import { closeChoice } from './close-behaviour'
import { iconPaths } from './icons'
import { desktopLogKeys } from './log-key-store'
import type { LogFile } from './log-file'
import { portMovedNotice } from './notices'
import { shutdown } from './quit'
import { safeStorageSecretBox } from './secret-box'
import { chooseSavePath } from './save-dialog'
import { settingsStore } from './settings'
import { handleStartupError } from './startup-error'
import { createServingTray, type ServingTray } from './tray'
import { restoredBounds, trackWindowState } from './window-state'

export interface Desktop {
  /** Shows the admin window (from the tray, a second launch, the macOS dock), creating it if closed. */
  show(): void
  /** The app is quitting: closing the window no longer asks. */
  quitting(): void
  /** Stops the API, then closes the database, within the quit time limit. */
  close(): Promise<'clean' | 'timed-out' | 'failed'>
}

export interface DesktopOptions {
  log: LogFile
  /** The built main bundle's folder (out/main): the preload and renderer are beside it. */
  mainDir: string
}

/**
 * Opens the database, or explains why not and offers Quit, Show the database file and Restore
 * from a backup (after a restore the start is tried once more). Null when the user quits.
 */
async function openCore(note: (m: string, e?: unknown) => void): Promise<Core | null> {
  // The same database as the CLI's default, moved there from an earlier build's folder once.
  const { path: dbPath, message: moved } = resolveHostDb()
  if (moved) note(moved)
  for (let attempt = 1; ; attempt++) {
    try {
      return await startCore({
        dbPath,
        log: note,
        logKeys: desktopLogKeys(note),
        secretBox: safeStorageSecretBox(safeStorage),
      })
    } catch (err) {
      const outcome = await handleStartupError(err, dbPath, { dialog, shell, log: note })
      if (outcome !== 'restored' || attempt > 1) return null
    }
  }
}

/** The Electron half: app protections → core → IPC transport → menu → window (and tray). */
export async function startDesktop(opts: DesktopOptions): Promise<Desktop | null> {
  const { log, mainDir } = opts
  const note = (message: string, error?: unknown) =>
    error === undefined ? log.write('info', message) : log.write('error', message, error)
  const location = secureApp(mainDir)
  const core = await openCore(note)
  if (!core) return null

  const settings = settingsStore(app.getPath('userData'), note)
  const icons = iconPaths({ appPath: app.getAppPath(), resourcesPath: process.resourcesPath })
  let win: BrowserWindow | null = null
  let tray: ServingTray | null = null
  let quitting = false
  const liveWindow = () => (win && !win.isDestroyed() ? win : null)

  const transport = attachIpcTransport({
    ipcMain,
    engine: core.engine,
    actor: core.actor,
    apiUrl: core.api.url,
    target: () => liveWindow()?.webContents ?? null,
    isRendererUrl: location.isOurs,
    chooseSavePath: (name) => chooseSavePath(dialog, liveWindow(), name, app.getPath('documents')),
    dispatch: withApiStatus(createDispatcher(), core.api),
    log: note,
  })

  // A taken port is said out loud once per move: a system notification (the Settings screen
  // shows it too, from the api:status event).
  let noticed: string | null = null
  const onStatus = (status: ApiStatus) => {
    tray?.update(status.url)
    const notice = portMovedNotice(status)
    if (!notice || noticed === status.url) return
    noticed = status.url
    note(`${notice.title}: ${notice.body}`)
    if (Notification.isSupported()) {
      new Notification({ title: notice.title, body: notice.body, icon: icons.window }).show()
    }
  }
  const offStatus = core.engine.events.on('api:status', onStatus)
  onStatus(core.api.status())

  const about = () => {
    const options = {
      type: 'info' as const,
      title: 'About Tessera',
      message: 'Tessera',
      detail: aboutDetail({
        version: app.getVersion(),
        dbPath: core.dbPath,
        apiUrl: core.api.url(),
      }),
      buttons: ['OK'],
    }
    const w = liveWindow()
    void (w ? dialog.showMessageBox(w, options) : dialog.showMessageBox(options))
  }
  const openPath = (path: string) =>
    void shell.openPath(path).then((error) => {
      if (error) note(`could not open ${path}: ${error}`)
    })
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        isPackaged: app.isPackaged,
        platform: process.platform,
        actions: {
          about,
          openDataFolder: () => openPath(dirname(core.dbPath)),
          openLogFile: () => openPath(log.path),
        },
      }),
    ),
  )

  const toBackground = (w: BrowserWindow) => {
    w.hide()
    const apiUrl = core.api.url()
    note(`window hidden; the local API keeps serving at ${apiUrl}`)
    tray ??= createServingTray({
      Tray,
      Menu,
      icon: icons.tray ? nativeImage.createFromPath(icons.tray) : nativeImage.createEmpty(),
      apiUrl,
      open: () => show(),
      quit: () => app.quit(),
    })
  }

  const createWindow = () => {
    const w = createMainWindow(mainDir, location)
    if (icons.window) w.setIcon(icons.window)
    const saved = settings.get().window
    const bounds = restoredBounds(
      saved,
      screen.getAllDisplays().map((d) => d.workArea),
    )
    if (bounds) w.setBounds(bounds)
    if (bounds && saved?.maximized) w.maximize()
    trackWindowState(w, (state) => settings.update({ window: state }))
    let asking = false
    let allowClose = false
    w.on('close', (event) => {
      if (quitting || allowClose || !core.api.url()) return
      // While the API serves, closing asks (or does what the user asked us to remember).
      event.preventDefault()
      if (asking) return
      asking = true
      void closeChoice({ apiUrl: core.api.url(), settings, dialog, win: w })
        .then((choice) => {
          if (choice === 'background') return toBackground(w)
          if (choice === 'quit') return app.quit()
          allowClose = true // The API stopped meanwhile: an ordinary close.
          w.close()
        })
        .catch((err: unknown) => note('close: the question failed', err))
        .finally(() => {
          asking = false
        })
    })
    w.on('closed', () => {
      if (win === w) win = null
    })
    return w
  }

  const show = () => {
    tray?.destroy()
    tray = null
    const w = liveWindow()
    if (!w) {
      win = createWindow()
      return
    }
    if (w.isMinimized()) w.restore()
    if (!w.isVisible()) w.show()
    w.focus()
  }
  show()

  return {
    show,
    quitting: () => {
      quitting = true
    },
    async close() {
      quitting = true
      offStatus()
      transport.dispose()
      tray?.destroy()
      tray = null
      return shutdown(
        { stopApi: () => core.api.close(), closeDatabase: () => core.close() },
        { log: note },
      )
    },
  }
}
