import type { streamsContracts } from '../../../shared/contracts/streams.contract'
import type { DomainHandlers } from '../handler-types'

export const streamsHandlers: DomainHandlers<typeof streamsContracts> = {
  'streams:list': (_input, { engine, actor }) => engine.streams.list(actor),
  'streams:add': ({ name, target }, { engine, actor }) => engine.streams.add(actor, name, target),
  'streams:pause': ({ id }, { engine, actor }) => engine.streams.pause(actor, id),
  'streams:resume': ({ id }, { engine, actor }) => engine.streams.resume(actor, id),
  'streams:remove': ({ id }, { engine, actor }) => engine.streams.remove(actor, id),
  'streams:test': ({ id }, { engine, actor }) => engine.streams.test(actor, id),
}
