// Electron lifecycle only; everything else is composed in bootstrap.ts.
import { app } from 'electron'
import { startDesktop, type Desktop } from './bootstrap'

app.setAppUserModelId('dev.tessera.desktop')

// One instance per user: two would fight over the database and the API port.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let desktop: Desktop | null = null
  let closing: Promise<void> | null = null

  app.on('second-instance', () => desktop?.show())
  app.on('activate', () => desktop?.show())
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // Stop the API and close the database before exiting so the WAL is checkpointed cleanly.
  app.on('will-quit', (event) => {
    if (!desktop) return
    event.preventDefault()
    const current = desktop
    desktop = null
    closing ??= current
      .close()
      .catch((err: unknown) => console.error('shutdown failed', err))
      .finally(() => app.quit())
  })

  app
    .whenReady()
    .then(async () => {
      desktop = await startDesktop()
      // The database could not be opened: the dialog has been shown, nothing else to do.
      if (!desktop) app.exit(1)
    })
    .catch((err: unknown) => {
      console.error('startup failed', err)
      app.exit(1)
    })
}
