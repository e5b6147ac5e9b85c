import type { MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  about(): void
  openDataFolder(): void
  openLogFile(): void
}

/** The About box's text: version, where the data is, and the API address in use. */
export function aboutDetail(info: { version: string; dbPath: string; apiUrl: string | null }) {
  return [
    `Version ${info.version}`,
    `Database: ${info.dbPath}`,
    `Local API: ${info.apiUrl ?? 'off'}`,
  ].join('\n')
}

/**
 * The application menu. Edit keeps the standard roles so copy, paste and undo work in every
 * field (Electron binds Ctrl/Cmd+C/V through the menu). Reload and developer tools are for
 * development only: a packaged app has neither.
 */
export function menuTemplate(opts: {
  isPackaged: boolean
  platform: NodeJS.Platform
  actions: MenuActions
}): MenuItemConstructorOptions[] {
  const { actions } = opts
  const mac = opts.platform === 'darwin'
  const about: MenuItemConstructorOptions = { label: 'About Tessera', click: actions.about }
  const view: MenuItemConstructorOptions[] = [
    ...(opts.isPackaged
      ? []
      : ([
          { role: 'reload' },
          { role: 'forceReload' },
          { role: 'toggleDevTools' },
          { type: 'separator' },
        ] satisfies MenuItemConstructorOptions[])),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ]
  return [
    ...(mac
      ? [
          {
            label: 'Tessera',
            submenu: [
              about,
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit', label: 'Quit Tessera' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: 'File',
      submenu: [
        { role: 'close', label: 'Close Window' },
        ...(mac
          ? []
          : ([
              { type: 'separator' },
              { role: 'quit', label: 'Quit Tessera' },
            ] satisfies MenuItemConstructorOptions[])),
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    {
      label: 'Help',
      submenu: [
        { label: 'Open Data Folder', click: actions.openDataFolder },
        { label: 'Open Log File', click: actions.openLogFile },
        ...(mac ? [] : ([{ type: 'separator' }, about] satisfies MenuItemConstructorOptions[])),
      ],
    },
  ]
}
