// Electron lifecycle only; the desktop app itself is composed in desktop/start-desktop.ts.
import { join } from 'node:path'
import { app } from 'electron'
import { openLogFile, teeConsole } from './desktop/log-file'
import { startDesktop, type Desktop } from './desktop/start-desktop'

app.setAppUserModelId('dev.tessera.desktop')
app.setAppLogsPath()
const log = openLogFile(app.getPath('logs'))
teeConsole(log)
// package.json's main is out/main/index.js: the preload and renderer are built beside it.
const mainDir = join(app.getAppPath(), 'out', 'main')

// One instance per user: two would fight over the database and the API port.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let desktop: Desktop | null = null
  let closing: Promise<void> | null = null

  // A second launch brings back the first window, even from the tray.
  app.on('second-instance', () => desktop?.show())
  app.on('activate', () => desktop?.show())
  // macOS keeps an app without windows running (it quits from the menu or the dock).
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('before-quit', () => desktop?.quitting())
  // Stop the API, then close the database, before exiting; past the time limit exit anyway.
  app.on('will-quit', (event) => {
    if (!desktop) return
    event.preventDefault()
    const current = desktop
    desktop = null
    closing ??= current
      .close()
      .then((outcome) => app.exit(outcome === 'clean' ? 0 : 1))
      .catch((err: unknown) => {
        log.write('error', 'shutdown failed', err)
        app.exit(1)
      })
  })

  app
    .whenReady()
    .then(async () => {
      log.write('info', `Tessera ${app.getVersion()} starting`)
      desktop = await startDesktop({ log, mainDir })
      // The database could not be opened and the user chose to quit.
      if (!desktop) app.exit(1)
    })
    .catch((err: unknown) => {
      log.write('error', 'startup failed', err)
      app.exit(1)
    })
}
