import { randomUUID } from 'node:crypto'
import type { FastifyReply } from 'fastify'
import type { z } from 'zod'
import { EngineError } from '../engine/errors'
import { PATH_ID } from './schemas'
import { API_VERSION } from './version'

/** Label Studio's error body (DESIGN §5). */
export interface LsErrorBody {
  id: string
  status_code: number
  version: string
  detail: string
  exc_info: null
  validation_errors?: Record<string, string[]>
}

/** A refusal with the HTTP status and `detail` the caller sees. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly detail: string,
    readonly validationErrors?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
  ) {
    super(detail)
    this.name = 'ApiError'
  }
}

export const notFoundError = (what = 'Not found.') => new ApiError(404, what)
export const forbiddenError = (detail = 'You do not have permission to perform this action.') =>
  new ApiError(403, detail)
export const badRequest = (detail: string, field = 'non_field_errors') =>
  new ApiError(400, detail, { [field]: [detail] })

export function errorBody(
  status: number,
  detail: string,
  validation?: Record<string, string[]>,
): LsErrorBody {
  const body: LsErrorBody = {
    id: randomUUID(),
    status_code: status,
    version: API_VERSION,
    detail,
    exc_info: null,
  }
  if (validation) body.validation_errors = validation
  return body
}

export function sendError(reply: FastifyReply, err: ApiError): FastifyReply {
  if (err.headers) for (const [k, v] of Object.entries(err.headers)) reply.header(k, v)
  return reply
    .code(err.statusCode)
    .send(errorBody(err.statusCode, err.detail, err.validationErrors))
}

const ENGINE_STATUS: Record<string, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  QUOTA_EXCEEDED: 409,
  UNAUTHENTICATED: 401,
}

/** Turns anything thrown by a handler (or by Fastify itself) into an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  if (err instanceof EngineError) {
    const status = ENGINE_STATUS[err.code] ?? 500
    const field = typeof err.details?.field === 'string' ? err.details.field : undefined
    return new ApiError(
      status,
      err.message,
      status === 400 ? { [field ?? 'non_field_errors']: [err.message] } : undefined,
    )
  }
  const e = err as { statusCode?: number; code?: string; message?: string }
  const invalid = validationOf(err)
  if (invalid) return invalid
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) {
    return new ApiError(413, 'Request body is too large.')
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new ApiError(415, 'Unsupported media type; send application/json.')
  }
  if (e.statusCode === 400) {
    const detail = `JSON parse error - ${e.message ?? 'malformed request body'}`
    return new ApiError(400, detail, { non_field_errors: [detail] })
  }
  return new ApiError(500, 'Internal server error.')
}

interface SchemaValidationError {
  validation?: { instancePath?: string; message?: string }[]
  validationContext?: string
}

/**
 * A request the route's zod schema refused (Fastify's validation error): a malformed path id is
 * a 404, as Django's `<int:pk>` answers; a query or body field is a 400 with Label Studio's
 * `validation_errors`, keyed by field.
 */
function validationOf(err: unknown): ApiError | null {
  const { validation, validationContext } = err as SchemaValidationError
  if (!Array.isArray(validation)) return null
  if (validationContext === 'params') return notFoundError()
  const errors: Record<string, string[]> = {}
  for (const issue of validation) {
    const key = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.')
    ;(errors[key || 'non_field_errors'] ??= []).push(issue.message ?? 'Invalid value.')
  }
  return invalidFields(errors)
}

function invalidFields(errors: Record<string, string[]>): ApiError {
  const first = Object.entries(errors)[0] ?? ['non_field_errors', ['Invalid value.']]
  return new ApiError(400, `${first[0]}: ${first[1][0]}`, errors)
}

/** Parses a request body with zod; 400 with Label Studio's `validation_errors` on failure. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {})
  if (parsed.success) return parsed.data
  const errors: Record<string, string[]> = {}
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : 'non_field_errors'
    ;(errors[key] ??= []).push(issue.message)
  }
  throw invalidFields(errors)
}

/** A path id: a positive integer, or the object cannot exist (404). */
export function pathId(value: unknown): number {
  const s = String(value ?? '')
  if (!PATH_ID.test(s)) throw notFoundError()
  return Number(s)
}
