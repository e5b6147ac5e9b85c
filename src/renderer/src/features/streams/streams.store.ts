import { create } from 'zustand'
import type { Input } from '../../../../shared/contracts'
import type { LogStream } from '../../../../shared/contracts/streams.contract'
import { RpcError, call } from '../../lib/ipc'

export interface StreamsState {
  streams: LogStream[] | null
  max: number
  retentionCeilingDays: number
  loadError: string | null
  /** The last Send test event answer, per stream id. */
  tests: Record<number, { ok: boolean; message: string } | 'sending'>
}

export const initialStreamsState: StreamsState = {
  streams: null,
  max: 3,
  retentionCeilingDays: 7,
  loadError: null,
  tests: {},
}

interface StreamsActions {
  load(): Promise<void>
  /** Adds a stream; throws the engine's refusal (shown next to its field). */
  add(input: Input<'streams:add'>): Promise<LogStream>
  setPaused(id: number, paused: boolean): Promise<void>
  remove(id: number): Promise<void>
  test(id: number): Promise<void>
  reset(): void
}

const message = (err: unknown) => (err instanceof RpcError ? err.message : String(err))

export const useStreamsStore = create<StreamsState & StreamsActions>()((set, get) => ({
  ...initialStreamsState,
  load: async () => {
    try {
      const r = await call('streams:list', {})
      set({
        streams: r.streams,
        max: r.max,
        retentionCeilingDays: r.retentionCeilingDays,
        loadError: null,
      })
    } catch (err) {
      set({ loadError: message(err) })
    }
  },
  add: async (input) => {
    const s = await call('streams:add', input)
    await get().load()
    return s
  },
  setPaused: async (id, paused) => {
    await call(paused ? 'streams:pause' : 'streams:resume', { id })
    await get().load()
  },
  remove: async (id) => {
    await call('streams:remove', { id })
    await get().load()
  },
  test: async (id) => {
    set({ tests: { ...get().tests, [id]: 'sending' } })
    try {
      const r = await call('streams:test', { id })
      set({ tests: { ...get().tests, [id]: r } })
    } catch (err) {
      set({ tests: { ...get().tests, [id]: { ok: false, message: message(err) } } })
    }
    await get().load()
  },
  reset: () => set(initialStreamsState),
}))

/** Streams that are failing (not paused), for the Organization screen. */
export const selectFailingStreams = (s: StreamsState) =>
  (s.streams ?? []).filter((x) => x.health.state === 'failing')
