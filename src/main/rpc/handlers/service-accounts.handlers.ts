import type { serviceAccountsContracts } from '../../../shared/contracts/service-accounts.contract'
import type { DomainHandlers } from '../handler-types'

export const serviceAccountsHandlers: DomainHandlers<typeof serviceAccountsContracts> = {
  'serviceAccounts:list': (input, { engine, actor }) =>
    engine.serviceAccounts.list(actor, input?.includeDeleted ?? false),
  'serviceAccounts:get': ({ userId }, { engine, actor }) =>
    engine.serviceAccounts.get(actor, userId),
  'serviceAccounts:checkName': ({ name }, { engine, actor }) =>
    engine.serviceAccounts.checkName(actor, name),
  'serviceAccounts:create': (input, { engine, actor }) =>
    engine.serviceAccounts.create(actor, input),
  'serviceAccounts:changeRole': (
    { userId, role, workspaceIds, projectIds, expectedVersion },
    { engine, actor },
  ) =>
    engine.serviceAccounts.changeRole(
      actor,
      userId,
      role,
      {
        // An empty list from the form means "keep what it has" unless the role needs none.
        workspaceIds: workspaceIds.length || projectIds.length ? workspaceIds : undefined,
        projectIds: workspaceIds.length || projectIds.length ? projectIds : undefined,
      },
      expectedVersion,
    ),
  'serviceAccounts:setAssignments': (
    { userId, workspaceIds, projectIds, expectedVersion },
    { engine, actor },
  ) =>
    engine.serviceAccounts.setAssignments(
      actor,
      userId,
      { workspaceIds, projectIds },
      expectedVersion,
    ),
  'serviceAccounts:resetToken': ({ userId, grace, expiresAt }, { engine, actor }) =>
    engine.serviceAccounts.resetToken(actor, userId, grace, expiresAt),
  'serviceAccounts:endGrace': ({ userId }, { engine, actor }) =>
    engine.serviceAccounts.endGrace(actor, userId),
  'serviceAccounts:setNetworks': ({ userId, networks }, { engine, actor }) =>
    engine.serviceAccounts.setNetworks(actor, userId, networks),
  'serviceAccounts:staleRule': (_input, { engine, actor }) =>
    engine.serviceAccounts.staleRule(actor),
  'serviceAccounts:setStaleRule': ({ days }, { engine, actor }) =>
    engine.serviceAccounts.setStaleRule(actor, days),
  'serviceAccounts:stalePreview': ({ days }, { engine, actor }) =>
    engine.serviceAccounts.stalePreview(actor, days),
  'serviceAccounts:explain': ({ userId }, { engine, actor }) =>
    engine.serviceAccounts.explain(actor, userId),
  'serviceAccounts:delete': ({ userId, confirmName, expectedVersion }, { engine, actor }) =>
    engine.serviceAccounts.remove(actor, userId, confirmName, expectedVersion),
  'serviceAccounts:undelete': ({ userId }, { engine, actor }) =>
    engine.serviceAccounts.undelete(actor, userId),
}
