/**
 * Events pushed from the engine to the renderer (IPC in the desktop app, server-sent events in
 * a browser). Payloads stay small: the renderer re-reads what it shows.
 */
export const EVENTS = ['activity:appended', 'data:changed'] as const
export type EventName = (typeof EVENTS)[number]

export interface EventPayloads {
  /** New activity entries exist up to this id. */
  'activity:appended': { lastId: number }
  /** Something an admin screen shows has changed (for example by the REST API or the CLI). */
  'data:changed': { domain: string }
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENTS as readonly string[]).includes(value)
}
