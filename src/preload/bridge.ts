import type { IpcRenderer, IpcRendererEvent } from 'electron'
import { IPC_EVENT, IPC_RPC, type TesseraBridge } from '../shared/bridge'
import { channels, isChannel } from '../shared/contracts'
import { isEventName, type EventName, type EventPayloads } from '../shared/events'
import { fail, type Result } from '../shared/result'

/** The part of ipcRenderer the bridge uses (tests pass a fake wired to the dispatcher). */
export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>

/**
 * Builds `window.api` from the contract registry. The renderer gets two narrow functions, never
 * ipcRenderer: `invoke` sends only registered channels, `on` listens only to known events.
 */
export function createBridge(ipc: BridgeIpc): TesseraBridge {
  const list = Object.freeze([...channels])
  return Object.freeze({
    channels: list,
    async invoke(channel: unknown, input: unknown): Promise<Result<unknown>> {
      // Refused here, before IPC: a compromised or buggy page cannot probe the main process.
      if (!isChannel(channel)) {
        return fail({
          code: 'VALIDATION',
          message: `Unknown operation ${String(channel).slice(0, 80)}`,
        })
      }
      try {
        return (await ipc.invoke(IPC_RPC, channel, input)) as Result<unknown>
      } catch {
        // No handler yet, or a value that cannot be cloned: still a Result, never a throw.
        return fail({
          code: 'INTERNAL',
          message: 'The Tessera main process did not answer; restart the app if this persists.',
        })
      }
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void {
      if (!isEventName(name) || typeof listener !== 'function') return () => undefined
      // The renderer never sees the IpcRendererEvent (it carries `sender`, i.e. ipcRenderer).
      const handler = (_event: IpcRendererEvent, eventName: unknown, payload: unknown) => {
        if (eventName === name) listener(payload as EventPayloads[E])
      }
      ipc.on(IPC_EVENT, handler)
      let subscribed = true
      return () => {
        if (!subscribed) return
        subscribed = false
        ipc.removeListener(IPC_EVENT, handler)
      }
    },
  })
}
