import type { ErrorBody, ErrorCode } from '../../shared/result'

/** A refusal the engine means to report: its message is safe to show to the admin. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'EngineError'
  }

  toBody(): ErrorBody {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message }
  }
}

export const notFound = (what: string, id?: number | string): EngineError =>
  new EngineError('NOT_FOUND', id === undefined ? `${what} not found` : `${what} ${id} not found`)

export const invalid = (message: string, field?: string): EngineError =>
  new EngineError('VALIDATION', message, field ? { field } : undefined)

export const conflict = (message: string, field?: string): EngineError =>
  new EngineError('CONFLICT', message, field ? { field } : undefined)

export const forbidden = (message: string): EngineError => new EngineError('FORBIDDEN', message)
