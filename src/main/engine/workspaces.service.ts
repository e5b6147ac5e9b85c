import type { Workspace } from '../../shared/contracts/workspaces.contract'
import type { Repos } from '../db/repos'
import type { ActivityRecorder } from './activity/recorder'
import { writeTransaction, type Actor, type EngineDeps } from './deps'
import { containerMembers } from './container-members'
import { assertKeepsAssignment } from './assignment-guard'
import { conflict, notFound } from './errors'
import { toWorkspace } from './mappers'

export interface WorkspaceInput {
  title: string
  description?: string
  color?: string
}

const PALETTE = ['#4c6ef5', '#12b886', '#fab005', '#fa5252', '#7950f2', '#15aabf', '#fd7e14']

export function workspacesService(deps: EngineDeps, repos: Repos, activity: ActivityRecorder) {
  function list(orgId: number, includeArchived = false): Workspace[] {
    return repos.workspaces
      .list(orgId)
      .filter((w) => includeArchived || w.archived_at === null)
      .map(toWorkspace)
  }

  function get(orgId: number, id: number): Workspace {
    const w = repos.workspaces.list(orgId).find((x) => x.id === id)
    if (!w) throw notFound('Workspace', id)
    return toWorkspace(w)
  }

  function own(orgId: number, id: number) {
    const w = repos.workspaces.get(id)
    if (!w || w.organization_id !== orgId) throw notFound('Workspace', id)
    return w
  }

  const create = writeTransaction(deps.db, (actor: Actor, input: WorkspaceInput): Workspace => {
    const orgId = actor.organizationId
    const count = repos.workspaces.list(orgId).length
    const id = repos.workspaces.insert({
      organization_id: orgId,
      title: input.title,
      description: input.description ?? '',
      color: input.color ?? PALETTE[count % PALETTE.length]!,
      created_by: actor.userId,
      created_at: deps.now(),
    })
    repos.workspaceMembers.add(id, actor.userId, deps.now())
    activity.admin(actor, {
      action: 'workspace.create',
      workspaceId: id,
      details: { title: input.title },
    })
    return get(orgId, id)
  })

  const update = writeTransaction(
    deps.db,
    (actor: Actor, id: number, patch: Partial<WorkspaceInput>): Workspace => {
      const w = own(actor.organizationId, id)
      repos.workspaces.update({
        id,
        title: patch.title ?? w.title,
        description: patch.description ?? w.description,
        color: patch.color ?? w.color,
        updated_at: deps.now(),
      })
      activity.admin(actor, { action: 'workspace.update', workspaceId: id, details: { ...patch } })
      return get(actor.organizationId, id)
    },
  )

  const archive = writeTransaction(
    deps.db,
    (actor: Actor, id: number, archived: boolean): Workspace => {
      own(actor.organizationId, id)
      repos.workspaces.setArchived(id, archived ? deps.now() : null, deps.now())
      activity.admin(actor, {
        action: archived ? 'workspace.archive' : 'workspace.unarchive',
        workspaceId: id,
      })
      return get(actor.organizationId, id)
    },
  )

  const remove = writeTransaction(deps.db, (actor: Actor, id: number) => {
    const w = own(actor.organizationId, id)
    const projects = repos.workspaces.projectCount(id)
    if (projects > 0) {
      throw conflict(
        `Workspace “${w.title}” still has ${projects} project${projects === 1 ? '' : 's'}; move or delete them first`,
      )
    }
    // Deleting cascades to its memberships, so it must not take an account's last assignment.
    for (const userId of repos.workspaceMembers.usersOf(id)) {
      assertKeepsAssignment(repos, actor.organizationId, userId, { workspaceId: id })
    }
    repos.workspaces.remove(id)
    activity.admin(actor, {
      action: 'workspace.delete',
      workspaceId: id,
      details: { title: w.title },
    })
    return { id }
  })

  const { members, addMember, removeMember } = containerMembers(deps, repos, activity, {
    noun: 'workspace',
    table: repos.workspaceMembers,
    own,
  })

  return { list, get, own, members, create, update, archive, remove, addMember, removeMember }
}
export type WorkspacesService = ReturnType<typeof workspacesService>
