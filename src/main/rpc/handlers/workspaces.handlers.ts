import type {
  projectsContracts,
  workspacesContracts,
} from '../../../shared/contracts/workspaces.contract'
import type { DomainHandlers } from '../handler-types'

export const workspacesHandlers: DomainHandlers<typeof workspacesContracts> = {
  'workspaces:list': (input, { engine, actor }) =>
    engine.workspaces.list(actor, input?.includeArchived ?? false),
  'workspaces:create': (input, { engine, actor }) => engine.workspaces.create(actor, input),
  'workspaces:update': ({ id, ...patch }, { engine, actor }) =>
    engine.workspaces.update(actor, id, patch),
  'workspaces:archive': ({ id, archived }, { engine, actor }) =>
    engine.workspaces.archive(actor, id, archived),
  'workspaces:delete': ({ id }, { engine, actor }) => engine.workspaces.remove(actor, id),
  'workspaces:members': ({ id }, { engine, actor }) => engine.workspaces.members(actor, id),
  'workspaces:addMember': ({ id, userId }, { engine, actor }) =>
    engine.workspaces.addMember(actor, id, userId),
  'workspaces:removeMember': ({ id, userId }, { engine, actor }) =>
    engine.workspaces.removeMember(actor, id, userId),
}

export const projectsHandlers: DomainHandlers<typeof projectsContracts> = {
  'projects:list': (input, { engine, actor }) => engine.projects.list(actor, input ?? {}),
  'projects:create': (input, { engine, actor }) => engine.projects.create(actor, input),
  'projects:update': ({ id, ...patch }, { engine, actor }) =>
    engine.projects.update(actor, id, patch),
  'projects:archive': ({ id, archived }, { engine, actor }) =>
    engine.projects.archive(actor, id, archived),
  'projects:delete': ({ id }, { engine, actor }) => engine.projects.remove(actor, id),
  'projects:members': ({ id }, { engine, actor }) => engine.projects.members(actor, id),
  'projects:addMember': ({ id, userId }, { engine, actor }) =>
    engine.projects.addMember(actor, id, userId),
  'projects:removeMember': ({ id, userId }, { engine, actor }) =>
    engine.projects.removeMember(actor, id, userId),
}
