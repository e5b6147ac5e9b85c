import type { TesseraBridge } from '../../../shared/bridge'
import type { Channel, Input, Output } from '../../../shared/contracts'
import type { EventName, EventPayloads } from '../../../shared/events'
import type { ErrorBody, ErrorCode, Result } from '../../../shared/result'

/** A refusal or failure reported by the engine (or by the transport), with its field hint. */
export class RpcError extends Error {
  readonly code: ErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor(body: ErrorBody) {
    super(body.message)
    this.name = 'RpcError'
    this.code = body.code
    this.details = body.details
  }

  /** The form control the message belongs to (`details.field`), if the engine named one. */
  get field(): string | undefined {
    const f = this.details?.field
    return typeof f === 'string' ? f : undefined
  }
}

export type EventListener<E extends EventName> = (payload: EventPayloads[E]) => void

/** How calls and events travel: the preload bridge, HTTP, or a test double. */
export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>
  on<E extends EventName>(name: E, listener: EventListener<E>): () => void
}

let injected: Transport | null = null
let csrfToken: string | null = null
const unauthenticatedListeners = new Set<() => void>()

/** Tests wire their own transport (for example the real dispatcher over an in-memory engine). */
export function setTransport(transport: Transport | null): void {
  injected = transport
}

/** The auth feature hands over the session's CSRF token for the HTTP transport. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called whenever a call comes back UNAUTHENTICATED (the session ended). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

const sessionChangedListeners = new Set<() => void>()

/**
 * Called when a call is refused because of what the session must do first (the Owner now
 * requires two-step sign-in and this person has not set it up): the sign-in state is re-read.
 */
export function onSessionChanged(listener: () => void): () => void {
  sessionChangedListeners.add(listener)
  return () => sessionChangedListeners.delete(listener)
}

function bridge(): TesseraBridge | undefined {
  if (typeof window === 'undefined') return undefined
  return (window as unknown as { api?: TesseraBridge }).api
}

/**
 * True in the desktop app (the preload bridge is there): files are saved through the native
 * save dialog in the main process. False in a browser (serve mode), where files are downloads.
 */
export function isDesktopApp(): boolean {
  return bridge() !== undefined
}

const bridgeTransport = (api: TesseraBridge): Transport => ({
  invoke: (channel, input) => api.invoke(channel, input),
  on: (name, listener) => api.on(name, listener),
})

async function httpInvoke(channel: Channel, input: unknown): Promise<Result<unknown>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken
  let response: Response
  try {
    response = await fetch(`/rpc/${channel}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify(input ?? {}),
    })
  } catch {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'Cannot reach Tessera; check that it is still running' },
    }
  }
  if (response.status === 401) {
    return {
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Your session has ended; sign in again' },
    }
  }
  try {
    return (await response.json()) as Result<unknown>
  } catch {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `Tessera answered ${response.status} without a result` },
    }
  }
}

// One EventSource for every listener, created on first use. A refused connection (for example
// before sign-in) closes it for good, so it is reopened after a pause.
const SSE_RETRY_MS = 5000
const sseListeners = new Map<EventName, Set<(payload: unknown) => void>>()
let source: EventSource | null = null

function openSource(): void {
  if (source || typeof EventSource === 'undefined') return
  const es = new EventSource('/rpc/events', { withCredentials: true })
  source = es
  for (const name of sseListeners.keys()) attach(es, name)
  es.addEventListener('error', () => {
    if (es.readyState !== EventSource.CLOSED) return
    source = null
    setTimeout(() => {
      if (sseListeners.size > 0) openSource()
    }, SSE_RETRY_MS)
  })
}

function attach(es: EventSource, name: EventName): void {
  es.addEventListener(name, (e: Event) => {
    let payload: unknown
    try {
      payload = JSON.parse((e as MessageEvent<string>).data)
    } catch {
      return // A malformed event is dropped; the next one or a manual refresh recovers.
    }
    sseListeners.get(name)?.forEach((l) => l(payload))
  })
}

function httpOn<E extends EventName>(name: E, listener: EventListener<E>): () => void {
  let set = sseListeners.get(name)
  if (!set) {
    set = new Set()
    sseListeners.set(name, set)
    if (source) attach(source, name)
  }
  const l = listener as (payload: unknown) => void
  set.add(l)
  openSource()
  return () => {
    set.delete(l)
  }
}

const httpTransport: Transport = { invoke: httpInvoke, on: httpOn }

function transport(): Transport {
  if (injected) return injected
  const api = bridge()
  return api ? bridgeTransport(api) : httpTransport
}

/** Calls one admin operation; resolves with its value or throws an RpcError. */
export async function call<C extends Channel>(
  channel: C,
  ...args: undefined extends Input<C> ? [input?: Input<C>] : [input: Input<C>]
): Promise<Output<C>> {
  const result = await transport().invoke(channel, args[0])
  if (result.ok) return result.value as Output<C>
  if (result.error.code === 'UNAUTHENTICATED') unauthenticatedListeners.forEach((l) => l())
  if (result.error.details?.totpEnrolmentRequired) sessionChangedListeners.forEach((l) => l())
  throw new RpcError(result.error)
}

/** Subscribes to an engine event; returns the unsubscribe function. */
export function onEvent<E extends EventName>(name: E, listener: EventListener<E>): () => void {
  return transport().on(name, listener)
}
