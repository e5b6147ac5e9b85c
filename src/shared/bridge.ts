import type { Channel } from './contracts'
import type { EventName, EventPayloads } from './events'
import type { Result } from './result'

/**
 * What the preload exposes as `window.api` (desktop app only). Derived from the contract
 * registry: `invoke` accepts only registered channels.
 */
export interface TesseraBridge {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>
  on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void
  /** Every channel the bridge accepts (the registry's keys). */
  channels: readonly Channel[]
}

/** The IPC channel names used between preload and main. */
export const IPC_RPC = 'tessera:rpc'
export const IPC_EVENT = 'tessera:event'
