// Typed stand-ins for the bits of Electron the glue uses, so the IPC transport and the preload
// bridge can be exercised end to end without an Electron binary.
import { EventEmitter } from 'node:events'
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { BridgeIpc } from '../../../src/preload/bridge'

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
