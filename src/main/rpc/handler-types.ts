import type { Channel, Output, ParsedInput } from '../../shared/contracts'
import type { RpcContext } from './context'

export type Handler<C extends Channel> = (
  input: ParsedInput<C>,
  ctx: RpcContext,
) => Output<C> | Promise<Output<C>>

/** A handler for every channel: a missing one is a compile error. */
export type Handlers = { [C in Channel]: Handler<C> }

/** The handlers of one domain, keyed by that domain's contracts. */
export type DomainHandlers<R extends Record<string, unknown>> = {
  [C in keyof R & Channel]: Handler<C>
}
