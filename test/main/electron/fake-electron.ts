// Typed stand-ins for the bits of Electron the glue uses, so the IPC transport, the preload
// bridge and the main entry itself can be exercised end to end without an Electron binary.
import { EventEmitter } from 'node:events'
import { pathToFileURL } from 'node:url'
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { BridgeIpc } from '../../../src/preload/bridge'
import { IPC_RPC as IPC_RPC_CHANNEL } from '../../../src/shared/bridge'

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

export interface FakeFrame {
  url: string
}

export interface FakeWire {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  ipcRenderer: BridgeIpc
  /** The window's web contents (what the transport sends events to). */
  contents: WebContents
  mainFrame: FakeFrame
  /** Calls the registered handler as if from `frame` of `sender`. */
  invokeFrom(
    frame: FakeFrame | null,
    sender: unknown,
    channel: string,
    ...args: unknown[]
  ): Promise<unknown>
  handlerCount(): number
  /** Every payload sent to the window, in order. */
  sent: unknown[][]
  listenerCount(channel: string): number
}

/**
 * One window showing `url`, its ipcMain and the ipcRenderer of its main frame. Arguments and
 * results go through structuredClone as Electron's IPC does, so non-cloneable values fail here.
 */
export function fakeWire(url: string): FakeWire {
  const handlers = new Map<string, Handler>()
  const renderer = new EventEmitter()
  const mainFrame: FakeFrame = { url }
  const sent: unknown[][] = []
  const contents = {
    mainFrame,
    isDestroyed: () => false,
    send: (channel: string, ...args: unknown[]) => {
      sent.push([channel, ...args])
      renderer.emit(channel, { sender: 'ipcRenderer' }, ...structuredClone(args))
    },
  } as unknown as WebContents

  const invokeFrom = async (
    frame: FakeFrame | null,
    sender: unknown,
    channel: string,
    ...args: unknown[]
  ) => {
    const handler = handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    const event = { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent
    return structuredClone(await handler(event, ...structuredClone(args)))
  }

  const ipcMain = {
    handle: (channel: string, handler: Handler) => {
      if (handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`)
      handlers.set(channel, handler)
    },
    removeHandler: (channel: string) => void handlers.delete(channel),
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>

  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) =>
      invokeFrom(mainFrame, contents, channel, ...args),
    on(channel: string, listener: (...a: unknown[]) => void) {
      renderer.on(channel, listener)
      return this
    },
    removeListener(channel: string, listener: (...a: unknown[]) => void) {
      renderer.removeListener(channel, listener)
      return this
    },
  } as unknown as BridgeIpc

  return {
    ipcMain,
    ipcRenderer,
    contents,
    mainFrame,
    invokeFrom,
    handlerCount: () => handlers.size,
    sent,
    listenerCount: (channel) => renderer.listenerCount(channel),
  }
}

// ---- A recording stand-in for the whole `electron` module, for the main entry ----

type Listener = (...args: any[]) => void

/** An event whose default can be prevented, as Electron passes to 'close' or 'will-quit'. */
function cancellable() {
  let prevented = false
  return {
    preventDefault: () => void (prevented = true),
    get defaultPrevented() {
      return prevented
    },
  }
}

export interface MessageBoxCall {
  options: Record<string, any>
  resolve(answer: { response: number; checkboxChecked?: boolean }): void
}

/**
 * The parts of Electron the desktop app uses, recording what it asked for. Dialogs wait for the
 * test to answer them (`answerBox`), so a test sees exactly what the user would be shown.
 */
export function createFakeElectron(opts: { paths: Record<string, string>; appPath: string }) {
  const appEvents = new EventEmitter()
  const record = {
    windows: [] as FakeBrowserWindow[],
    handlers: new Map<string, Handler>(),
    boxes: [] as MessageBoxCall[],
    openDialogs: [] as Record<string, any>[],
    openDialogAnswers: [] as string[][],
    saveDialogs: [] as Record<string, any>[],
    errorBoxes: [] as [string, string][],
    menus: [] as any[][],
    trays: [] as FakeTray[],
    notifications: [] as { title: string; body: string }[],
    shown: [] as string[],
    exits: [] as number[],
    quits: 0,
    exited: null as Promise<number> | null,
  }
  let exitResolve: (code: number) => void = () => {}
  record.exited = new Promise<number>((r) => (exitResolve = r))

  class FakeWebContents extends EventEmitter {
    mainFrame = { url: '' }
    sent: unknown[][] = []
    destroyed = false
    isDestroyed = () => this.destroyed
    send = (...args: unknown[]) => void this.sent.push(args)
    setWindowOpenHandler = () => {}
    getURL = () => this.mainFrame.url
  }

  class FakeBrowserWindow extends EventEmitter {
    readonly options: Record<string, any>
    readonly webContents = new FakeWebContents()
    visible = false
    minimized = false
    maximized = false
    destroyed = false
    focused = 0
    icon: string | undefined
    bounds = { x: 0, y: 0, width: 0, height: 0 }
    constructor(options: Record<string, any>) {
      super()
      this.options = options
      this.bounds = { x: 100, y: 100, width: options.width ?? 800, height: options.height ?? 600 }
      record.windows.push(this)
    }
    loadFile = async (path: string) => {
      this.webContents.mainFrame.url = pathToFileURL(path).href
      setImmediate(() => this.emit('ready-to-show'))
    }
    loadURL = async (url: string) => {
      this.webContents.mainFrame.url = url
      setImmediate(() => this.emit('ready-to-show'))
    }
    show = () => void (this.visible = true)
    hide = () => void (this.visible = false)
    isVisible = () => this.visible
    focus = () => void this.focused++
    isMinimized = () => this.minimized
    minimize = () => void ((this.minimized = true), (this.visible = false))
    restore = () => void ((this.minimized = false), (this.visible = true))
    maximize = () => void (this.maximized = true)
    isMaximized = () => this.maximized
    isDestroyed = () => this.destroyed
    setIcon = (icon: string) => void (this.icon = icon)
    setBounds = (b: typeof this.bounds) => void (this.bounds = { ...b })
    getBounds = () => ({ ...this.bounds })
    getNormalBounds = () => ({ ...this.bounds })
    /** As the user moving and resizing the window. */
    moveTo(b: typeof this.bounds) {
      this.bounds = { ...b }
      this.emit('move')
      this.emit('resize')
    }
    /** As the user clicking the close button (or app.quit closing it): 'close' may cancel. */
    close = () => {
      if (this.destroyed) return
      const event = cancellable()
      this.emit('close', event)
      if (event.defaultPrevented) return
      this.destroy()
    }
    destroy = () => {
      if (this.destroyed) return
      this.destroyed = true
      this.webContents.destroyed = true
      this.emit('closed')
      if (record.windows.every((w) => w.destroyed)) appEvents.emit('window-all-closed')
    }
  }

  class FakeTray extends EventEmitter {
    tooltip = ''
    menu: any = null
    destroyed = false
    constructor(readonly image: unknown) {
      super()
      record.trays.push(this)
    }
    setToolTip = (t: string) => void (this.tooltip = t)
    setContextMenu = (m: any) => void (this.menu = m)
    destroy = () => void (this.destroyed = true)
    isDestroyed = () => this.destroyed
  }

  class FakeNotification {
    static isSupported = () => true
    constructor(readonly options: { title: string; body: string }) {}
    show = () => void record.notifications.push(this.options)
  }

  const box = (...args: any[]) =>
    new Promise<{ response: number; checkboxChecked: boolean }>((resolve) => {
      const options = args.length > 1 ? args[1] : args[0]
      record.boxes.push({
        options,
        resolve: (a) => resolve({ checkboxChecked: false, ...a }),
      })
    })

  const app = {
    isPackaged: false,
    on: (name: string, l: Listener) => (appEvents.on(name, l), app),
    once: (name: string, l: Listener) => (appEvents.once(name, l), app),
    emit: (name: string, ...args: unknown[]) => appEvents.emit(name, ...args),
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    setAppUserModelId: () => {},
    setAppLogsPath: () => {},
    getPath: (name: string) => {
      const p = opts.paths[name]
      if (!p) throw new Error(`no fake path for ${name}`)
      return p
    },
    getAppPath: () => opts.appPath,
    getVersion: () => '0.1.0',
    /** As Electron: before-quit, close every window (any may cancel), then will-quit. */
    quit: () => {
      record.quits++
      // Electron ignores a quit asked for while one is under way (window-all-closed does that).
      if (quitInProgress) return
      quitInProgress = true
      try {
        quitOnce()
      } finally {
        quitInProgress = false
      }
    },
    exit: (code = 0) => {
      record.exits.push(code)
      exitResolve(code)
    },
  }
  let quitInProgress = false
  const quitOnce = () => {
    const before = cancellable()
    appEvents.emit('before-quit', before)
    if (before.defaultPrevented) return
    for (const w of record.windows) w.close()
    if (record.windows.some((w) => !w.destroyed)) return
    const will = cancellable()
    appEvents.emit('will-quit', will)
    if (!will.defaultPrevented) app.exit(0)
  }

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    ipcMain: {
      handle: (channel: string, h: Handler) => void record.handlers.set(channel, h),
      removeHandler: (channel: string) => void record.handlers.delete(channel),
    },
    dialog: {
      showMessageBox: box,
      showOpenDialog: async (o: Record<string, any>) => {
        record.openDialogs.push(o)
        const answer = record.openDialogAnswers.shift()
        return { canceled: !answer, filePaths: answer ?? [] }
      },
      showSaveDialog: async (...args: any[]) => {
        record.saveDialogs.push(args.length > 1 ? args[1] : args[0])
        return { canceled: true, filePath: '' }
      },
      showErrorBox: (title: string, content: string) =>
        void record.errorBoxes.push([title, content]),
    },
    Menu: {
      buildFromTemplate: (template: any[]) => ({ template }),
      setApplicationMenu: (menu: { template: any[] } | null) =>
        void record.menus.push(menu?.template ?? []),
    },
    shell: {
      openPath: async (p: string) => (record.shown.push(`open ${p}`), ''),
      showItemInFolder: (p: string) => void record.shown.push(`show ${p}`),
      openExternal: async (u: string) => void record.shown.push(`external ${u}`),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => {} },
        setPermissionRequestHandler: () => {},
        setPermissionCheckHandler: () => {},
      },
    },
    // The OS keychain, as the log key store and the log-stream secrets use it: a keyring is
    // there, and "encryption" is reversible, not a real cipher.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (text: string) => Buffer.from(text, 'utf8').reverse(),
      decryptString: (data: Buffer) => Buffer.from(data).reverse().toString('utf8'),
    },
    screen: {
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    nativeImage: {
      createFromPath: (path: string) => ({ path, isEmpty: () => false }),
      createEmpty: () => ({ path: '', isEmpty: () => true }),
    },
  }

  /** Calls the RPC handler as the renderer of `win` showing `url` would. */
  const invoke = async (win: FakeBrowserWindow, channel: string, input?: unknown, url?: string) => {
    const handler = record.handlers.get(IPC_RPC_CHANNEL)
    if (!handler) throw new Error('no RPC handler registered')
    const frame = url === undefined ? win.webContents.mainFrame : { url }
    const event = { sender: win.webContents, senderFrame: frame } as unknown as IpcMainInvokeEvent
    return structuredClone(await handler(event, channel, input))
  }

  /** Waits for the next message box the test has not looked at yet, and returns it. */
  let seen = 0
  const nextBox = async () => {
    for (let i = 0; i < 400 && record.boxes.length <= seen; i++) {
      await new Promise((r) => setTimeout(r, 10))
    }
    const b = record.boxes[seen]
    if (!b) throw new Error('no message box was shown')
    seen++
    return b
  }

  return { module, record, app, invoke, nextBox }
}

export type FakeElectron = ReturnType<typeof createFakeElectron>
