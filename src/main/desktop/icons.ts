import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Where the app's icons are: `resources/` next to package.json in development, the packaged
 * app's resources folder (electron-builder `extraResources`) when installed.
 */
export function iconPaths(opts: { appPath: string; resourcesPath?: string }): {
  window: string | undefined
  tray: string | undefined
} {
  const dirs = [
    ...(opts.resourcesPath ? [opts.resourcesPath] : []),
    join(opts.appPath, 'resources'),
  ]
  const find = (file: string) => dirs.map((d) => join(d, file)).find((p) => existsSync(p))
  // tray.png is 16 px; Electron picks tray@2x.png beside it on high-density screens.
  return { window: find('icon.png'), tray: find('tray.png') ?? find('icon.png') }
}
