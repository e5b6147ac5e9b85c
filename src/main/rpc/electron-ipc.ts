import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { IPC_EVENT, IPC_RPC } from '../../shared/bridge'
import { EVENTS } from '../../shared/events'
import { FILE_PATH_REFUSAL, filePathKeyIn } from '../../shared/file-paths'
import { fail, type Result } from '../../shared/result'
import type { Actor } from '../engine/deps'
import type { Engine } from '../engine/engine'
import type { RpcContext } from './context'
import { createDispatcher, type Dispatch } from './dispatcher'

export interface IpcTransportOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  engine: Engine
  /** The local operator (the Owner in the desktop app). */
  actor: Actor
  apiUrl?: () => string | null
  /** The native save dialog (exports); resolves null when the user cancels. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>
  /** The admin window's web contents, or null while there is none. */
  target: () => WebContents | null
  /** True for our renderer's document URL (file:// index.html or the dev server). */
  isRendererUrl: (url: string) => boolean
  dispatch?: Dispatch
  /** Called after every dispatched call (e.g. to restart the API after a settings change). */
  onDispatched?: (channel: string, result: Result<unknown>) => void | Promise<void>
  log?: (message: string, error?: unknown) => void
}

export interface IpcTransport {
  dispose(): void
}

/**
 * Why a call is refused, or null when it comes from the main frame of our window showing our
 * renderer. Sub-frames, other windows and navigated-away documents never reach the engine.
 */
export function refusal(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  target: WebContents | null,
  isRendererUrl: (url: string) => boolean,
): string | null {
  const frame = event.senderFrame
  if (!target || target.isDestroyed() || event.sender !== target) return 'not the Tessera window'
  if (!frame || frame !== target.mainFrame) return 'not the main frame of the Tessera window'
  if (!isRendererUrl(frame.url)) return 'not the Tessera admin page'
  return null
}

/**
 * The Electron transport of the admin RPC: `ipcMain.handle(IPC_RPC)` → dispatcher, and the
 * engine's events pushed to the window on IPC_EVENT. Every answer is a Result envelope.
 */
export function attachIpcTransport(opts: IpcTransportOptions): IpcTransport {
  const dispatch = opts.dispatch ?? createDispatcher()
  const log = opts.log ?? ((m, e) => console.error(m, e))
  const ctx: RpcContext = {
    engine: opts.engine,
    actor: opts.actor,
    apiUrl: opts.apiUrl,
    chooseSavePath: opts.chooseSavePath,
  }

  opts.ipcMain.handle(
    IPC_RPC,
    async (event, channel: unknown, input: unknown): Promise<Result<unknown>> => {
      const why = refusal(event, opts.target(), opts.isRendererUrl)
      if (why) {
        log(`ipc: refused ${String(channel).slice(0, 80)} (${why})`)
        return fail({ code: 'FORBIDDEN', message: `This call was refused: ${why}.` })
      }
      // Paths come from the main process's save dialog only, never from the renderer.
      const pathKey = filePathKeyIn(input)
      if (pathKey) {
        log(`ipc: refused ${String(channel).slice(0, 80)} (a file path in its input)`)
        return fail({ code: 'FORBIDDEN', message: FILE_PATH_REFUSAL, details: { field: pathKey } })
      }
      const result = await dispatch(channel, input, ctx)
      if (opts.onDispatched) {
        try {
          await opts.onDispatched(String(channel), result)
        } catch (err) {
          // The call itself succeeded or failed on its own; a follow-up problem is only logged.
          log(`ipc: after ${String(channel)}`, err)
        }
      }
      return result
    },
  )

  const unsubscribe = EVENTS.map((name) =>
    opts.engine.events.on(name, (payload) => {
      const contents = opts.target()
      if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT, name, payload)
    }),
  )

  return {
    dispose() {
      opts.ipcMain.removeHandler(IPC_RPC)
      for (const off of unsubscribe) off()
    },
  }
}
