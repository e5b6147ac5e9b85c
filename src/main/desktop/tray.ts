import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron'

/** The tray's tooltip: it never keeps serving without saying so. */
export function trayTooltip(apiUrl: string | null): string {
  return apiUrl ? `Tessera — serving the local API at ${apiUrl}` : 'Tessera — the local API is off'
}

export function trayMenuTemplate(
  apiUrl: string | null,
  actions: { open(): void; quit(): void },
): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Tessera', click: actions.open },
    { type: 'separator' },
    { label: apiUrl ? `API: ${apiUrl}` : 'API: off', enabled: false },
    { type: 'separator' },
    { label: 'Quit Tessera', click: actions.quit },
  ]
}

export interface ServingTray {
  /** Follows the API's address (it may move or be switched off while in the tray). */
  update(apiUrl: string | null): void
  destroy(): void
}

/** The tray icon shown while the window is hidden and the API keeps serving. */
export function createServingTray(deps: {
  Tray: new (image: NativeImage | string) => Tray
  Menu: Pick<typeof Menu, 'buildFromTemplate'>
  icon: NativeImage | string
  apiUrl: string | null
  open(): void
  quit(): void
}): ServingTray {
  const tray = new deps.Tray(deps.icon)
  const update = (apiUrl: string | null) => {
    tray.setToolTip(trayTooltip(apiUrl))
    tray.setContextMenu(
      deps.Menu.buildFromTemplate(trayMenuTemplate(apiUrl, { open: deps.open, quit: deps.quit })),
    )
  }
  update(deps.apiUrl)
  // Windows and Linux open on a click; macOS shows the menu.
  tray.on('click', () => deps.open())
  return { update, destroy: () => tray.destroy() }
}
