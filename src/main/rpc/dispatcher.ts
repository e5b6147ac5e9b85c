import { z } from 'zod'
import { contracts, isChannel, type Channel } from '../../shared/contracts'
import { fail, ok, type Result } from '../../shared/result'
import { EngineError } from '../engine/errors'
import type { RpcContext } from './context'
import type { Handler, Handlers } from './handler-types'
import { handlers as defaultHandlers } from './handlers'

export type Dispatch = (
  channel: unknown,
  input: unknown,
  ctx: RpcContext,
) => Promise<Result<unknown>>

export interface DispatcherOptions {
  handlers?: Handlers
  /** Where unexpected errors (with stacks) go; they never cross the bridge. */
  log?: (message: string, error: unknown) => void
}

function validationDetails(error: z.ZodError): Record<string, unknown> {
  const fields: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_'
    ;(fields[key] ??= []).push(issue.message)
  }
  const first = error.issues[0]?.path[0]
  return { fields, ...(typeof first === 'string' ? { field: first } : {}) }
}

/**
 * validate → call → envelope. Every outcome is a Result: unknown channels and bad input are
 * VALIDATION, engine refusals keep their code, anything else is INTERNAL with a generic message.
 */
export function createDispatcher(options: DispatcherOptions = {}): Dispatch {
  const table = options.handlers ?? defaultHandlers
  const log = options.log ?? ((m, e) => console.error(m, e))
  return async (channel, input, ctx) => {
    if (!isChannel(channel)) {
      // Not String(channel): an object without a prototype would throw here, outside the envelope.
      const name = typeof channel === 'string' ? channel.slice(0, 80) : `(${typeof channel})`
      return fail({ code: 'VALIDATION', message: `Unknown operation ${name}` })
    }
    const parsed = contracts[channel].input.safeParse(input)
    if (!parsed.success) {
      const first = parsed.error.issues[0]
      const where = first && first.path.length ? `${first.path.join('.')}: ` : ''
      return fail({
        code: 'VALIDATION',
        message: `${where}${first?.message ?? 'Invalid input'}`,
        details: validationDetails(parsed.error),
      })
    }
    try {
      const handler = table[channel] as Handler<Channel>
      const value = await handler(parsed.data as never, ctx)
      return ok(value)
    } catch (err) {
      if (err instanceof EngineError) return fail(err.toBody())
      log(`rpc ${channel} failed`, err)
      return fail({ code: 'INTERNAL', message: 'Something went wrong inside Tessera; see the log' })
    }
  }
}
