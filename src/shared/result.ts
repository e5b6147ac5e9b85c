/** The closed set of error codes that cross the admin bridge. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'QUOTA_EXCEEDED',
  'UNAUTHENTICATED',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorBody {
  code: ErrorCode
  message: string
  /** e.g. { field: 'name' } so a form can show the message next to the control. */
  details?: Record<string, unknown>
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorBody }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (error: ErrorBody): Result<never> => ({ ok: false, error })
