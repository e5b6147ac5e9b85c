import type { ApiStatus } from './contracts/organization.contract'

/**
 * Events pushed from the engine to the renderer (IPC in the desktop app, server-sent events in
 * a browser). Payloads stay small: the renderer re-reads what it shows.
 */
export const EVENTS = [
  'activity:appended',
  'data:changed',
  'settings:changed',
  'api:status',
] as const
export type EventName = (typeof EVENTS)[number]

export interface EventPayloads {
  /** New activity entries exist up to this id. */
  'activity:appended': { lastId: number }
  /** Something an admin screen shows has changed (for example by the REST API or the CLI). */
  'data:changed': { domain: string }
  /** The organization's settings were saved (after the transaction committed). */
  'settings:changed': { organizationId: number }
  /** The local API started, stopped, moved to another port or failed to start. */
  'api:status': ApiStatus
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENTS as readonly string[]).includes(value)
}
