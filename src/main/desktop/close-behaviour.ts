import type { BrowserWindow, Dialog } from 'electron'
import type { SettingsStore } from './settings'

export type CloseChoice = 'background' | 'quit'

export const CLOSE_BUTTONS = ['Keep serving in the background', 'Quit Tessera'] as const

/**
 * What closing the window does. With the API off the window just closes (and the app quits
 * where that is the platform's habit). While it serves, the remembered choice, or the user is
 * asked — once, if they tick "Remember my choice".
 */
export async function closeChoice(deps: {
  apiUrl: string | null
  settings: SettingsStore
  dialog: Pick<Dialog, 'showMessageBox'>
  win: BrowserWindow | null
}): Promise<CloseChoice | 'close'> {
  if (!deps.apiUrl) return 'close'
  const remembered = deps.settings.get().onCloseWhileServing
  if (remembered) return remembered
  const options = {
    type: 'question' as const,
    title: 'Keep the local API running?',
    message: `The local API is serving at ${deps.apiUrl}.`,
    detail:
      'Service accounts and scripts can keep calling it while Tessera runs in the background ' +
      '(from the tray icon). Quitting stops it.',
    buttons: [...CLOSE_BUTTONS],
    defaultId: 0,
    cancelId: 0,
    checkboxLabel: 'Remember my choice',
    checkboxChecked: false,
    noLink: true,
  }
  const { response, checkboxChecked } =
    deps.win && !deps.win.isDestroyed()
      ? await deps.dialog.showMessageBox(deps.win, options)
      : await deps.dialog.showMessageBox(options)
  const choice: CloseChoice = response === 1 ? 'quit' : 'background'
  if (checkboxChecked) deps.settings.update({ onCloseWhileServing: choice })
  return choice
}
