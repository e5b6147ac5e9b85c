import { extname, join } from 'node:path'
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron'

/**
 * The options of the native save dialog for `name`: in the documents folder, filtered to its
 * type, creating folders allowed. Replacing an existing file is always confirmed — natively on
 * macOS and Windows, through `showOverwriteConfirmation` on Linux.
 */
export function saveDialogOptions(name: string, documentsDir: string): SaveDialogOptions {
  const ext = extname(name).slice(1)
  return {
    defaultPath: join(documentsDir, name),
    filters: ext ? [{ name: ext.toUpperCase(), extensions: [ext] }] : [],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  }
}

/** Asks where to save `name`; null when the user cancels. Attached to the window if open. */
export async function chooseSavePath(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  win: BrowserWindow | null,
  name: string,
  documentsDir: string,
): Promise<string | null> {
  const options = saveDialogOptions(name, documentsDir)
  const result =
    win && !win.isDestroyed()
      ? await dialog.showSaveDialog(win, options)
      : await dialog.showSaveDialog(options)
  return result.canceled || !result.filePath ? null : result.filePath
}
