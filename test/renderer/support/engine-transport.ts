/// <reference types="node" />
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import type { Transport } from '../../../src/renderer/src/lib/ipc'
import type { EventName, EventPayloads } from '../../../src/shared/events'
import { makeEngine, type TestEngine } from '../../support/engine'

export interface EngineTransport {
  t: TestEngine
  transport: Transport
  /** Every channel the renderer called, in order (to assert that nothing was sent). */
  calls: string[]
  /** Pushes an engine event to the renderer's listeners. */
  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void
}

/** The real dispatcher over a fresh in-memory engine, acting as the Owner. */
export function engineTransport(extra: Parameters<typeof makeEngine>[2] = {}): EngineTransport {
  const t = makeEngine(':memory:', undefined, extra)
  const dispatch = createDispatcher({ log: () => {} })
  const listeners = new Map<EventName, Set<(p: unknown) => void>>()
  const calls: string[] = []
  const transport: Transport = {
    invoke: (channel, input) => {
      calls.push(channel)
      return dispatch(channel, input, {
        engine: t.engine,
        actor: t.owner,
        apiUrl: () => 'http://127.0.0.1:8080',
      })
    },
    on: (name, listener) => {
      const set = listeners.get(name) ?? new Set()
      listeners.set(name, set)
      set.add(listener as (p: unknown) => void)
      return () => set.delete(listener as (p: unknown) => void)
    },
  }
  return {
    t,
    transport,
    calls,
    emit: (name, payload) => listeners.get(name)?.forEach((l) => l(payload)),
  }
}
