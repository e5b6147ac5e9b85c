import type { membersContracts } from '../../../shared/contracts/members.contract'
import type { organizationContracts } from '../../../shared/contracts/organization.contract'
import type { quotaContracts } from '../../../shared/contracts/quota.contract'
import type { RpcContext } from '../context'
import type { DomainHandlers } from '../handler-types'

/** The overview with what only the host knows: where the local API listens right now. */
function overview({ engine, actor, apiUrl, apiStatus }: RpcContext) {
  const value = engine.organization.overview(actor, apiUrl?.() ?? null)
  return apiStatus ? { ...value, apiStatus: apiStatus() } : value
}

export const organizationHandlers: DomainHandlers<typeof organizationContracts> = {
  'org:get': (_input, ctx) => overview(ctx),
  'org:updateSettings': (patch, ctx) => {
    ctx.engine.organization.updateSettings(ctx.actor, patch)
    return overview(ctx)
  },
  'org:retentionPreview': ({ days }, { engine, actor }) =>
    engine.organization.retentionPreview(actor, days),
}

export const membersHandlers: DomainHandlers<typeof membersContracts> = {
  'members:list': (filter, { engine, actor }) => engine.people.list(actor, filter ?? {}),
  'members:addPerson': (input, { engine, actor }) => engine.people.addPerson(actor, input),
  'members:changeRole': ({ userId, role }, { engine, actor }) =>
    engine.people.changeRole(actor, userId, role),
  'members:deactivate': ({ userId }, { engine, actor }) => engine.people.deactivate(actor, userId),
  'members:reactivate': ({ userId, role }, { engine, actor }) =>
    engine.people.reactivate(actor, userId, role),
}

export const quotaHandlers: DomainHandlers<typeof quotaContracts> = {
  'quota:list': (input, { engine, actor }) => engine.quota.list(actor, input?.status),
  'quota:request': ({ count, reason }, { engine, actor }) =>
    engine.quota.request(actor, count, reason),
  'quota:raise': ({ count, reason }, { engine, actor }) => engine.quota.raise(actor, count, reason),
  'quota:approve': ({ id, note }, { engine, actor }) => engine.quota.approve(actor, id, note),
  'quota:decline': ({ id, note }, { engine, actor }) => engine.quota.decline(actor, id, note),
}
