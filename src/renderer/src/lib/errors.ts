import { notifications } from '@mantine/notifications'
import { RpcError } from './ipc'

/** A message shown next to one form control, keyed by the engine's `details.field`. */
export type FieldErrors = Partial<Record<string, string>>

/** Turns a failure into a message for `field`, or undefined when it belongs elsewhere. */
export function fieldErrorOf(error: unknown, fields: readonly string[]): FieldErrors | null {
  if (error instanceof RpcError && error.field && fields.includes(error.field)) {
    return { [error.field]: fieldMessage(error, error.field) }
  }
  return null
}

/**
 * The message for one field: input validation lists per-field messages (without the
 * "field: " prefix of the summary); engine refusals carry one message.
 */
export function fieldMessage(error: RpcError, field: string): string {
  const fields = error.details?.fields as Record<string, unknown> | undefined
  const own = fields?.[field]
  return Array.isArray(own) && typeof own[0] === 'string' ? own[0] : error.message
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return 'Something went wrong'
}

/** How long a success toast stays: long enough to read, short enough not to pile up. */
export const SUCCESS_TOAST_MS = 3000

/** An error toast stays until dismissed: the admin must be able to read what to do. */
export function notifyError(error: unknown, title = 'That did not work'): void {
  notifications.show({ color: 'red', title, message: messageOf(error), autoClose: false })
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: SUCCESS_TOAST_MS })
}

/**
 * Runs an admin call for a form: field-specific refusals go to `onField` (shown next to the
 * control), anything else becomes a toast. Resolves with the value or undefined.
 */
export async function submitWithFieldErrors<T>(
  run: () => Promise<T>,
  fields: readonly string[],
  onField: (errors: FieldErrors) => void,
): Promise<T | undefined> {
  try {
    return await run()
  } catch (error) {
    const fe = fieldErrorOf(error, fields)
    if (fe) onField(fe)
    else notifyError(error)
    return undefined
  }
}
