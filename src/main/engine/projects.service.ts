import type { Project } from '../../shared/contracts/workspaces.contract'
import type { Repos } from '../db/repos'
import type { ActivityRecorder } from './activity/recorder'
import { containerMembers } from './container-members'
import { assertKeepsAssignment } from './assignment-guard'
import { writeTransaction, type Actor, type EngineDeps } from './deps'
import { invalid, notFound } from './errors'
import { toProject } from './mappers'

export interface ProjectInput {
  title: string
  description?: string
  workspaceId?: number | null
  labelConfig?: string
}

export function projectsService(deps: EngineDeps, repos: Repos, activity: ActivityRecorder) {
  function list(
    orgId: number,
    filter: { workspaceId?: number; includeArchived?: boolean } = {},
  ): Project[] {
    return repos.projects
      .list(orgId)
      .filter(
        (p) =>
          (filter.includeArchived || p.archived_at === null) &&
          (filter.workspaceId === undefined || p.workspace_id === filter.workspaceId),
      )
      .map(toProject)
  }

  function own(orgId: number, id: number) {
    const p = repos.projects.get(id)
    if (!p || p.organization_id !== orgId) throw notFound('Project', id)
    return p
  }

  function get(orgId: number, id: number): Project {
    own(orgId, id)
    return toProject(repos.projects.getWithCounts(id)!)
  }

  function checkWorkspace(orgId: number, workspaceId: number | null | undefined) {
    if (workspaceId === null || workspaceId === undefined) return
    const w = repos.workspaces.get(workspaceId)
    if (!w || w.organization_id !== orgId)
      throw invalid(`Workspace ${workspaceId} not found`, 'workspaceId')
  }

  const create = writeTransaction(deps.db, (actor: Actor, input: ProjectInput): Project => {
    checkWorkspace(actor.organizationId, input.workspaceId)
    const id = repos.projects.insert({
      organization_id: actor.organizationId,
      workspace_id: input.workspaceId ?? null,
      title: input.title,
      description: input.description ?? '',
      label_config: input.labelConfig,
      created_by: actor.userId,
      created_at: deps.now(),
    })
    activity.admin(actor, {
      action: 'project.create',
      projectId: id,
      workspaceId: input.workspaceId ?? null,
      details: { title: input.title },
    })
    return get(actor.organizationId, id)
  })

  const update = writeTransaction(
    deps.db,
    (actor: Actor, id: number, patch: Partial<ProjectInput>): Project => {
      const p = own(actor.organizationId, id)
      if (patch.workspaceId !== undefined) checkWorkspace(actor.organizationId, patch.workspaceId)
      repos.projects.update({
        id,
        title: patch.title ?? p.title,
        description: patch.description ?? p.description,
        workspace_id: patch.workspaceId === undefined ? p.workspace_id : patch.workspaceId,
        label_config: patch.labelConfig ?? p.label_config,
        updated_at: deps.now(),
      })
      activity.admin(actor, {
        action: 'project.update',
        projectId: id,
        details: {
          ...patch,
          labelConfig: patch.labelConfig === undefined ? undefined : '(changed)',
        },
      })
      return get(actor.organizationId, id)
    },
  )

  const archive = writeTransaction(
    deps.db,
    (actor: Actor, id: number, archived: boolean): Project => {
      own(actor.organizationId, id)
      repos.projects.setArchived(id, archived ? deps.now() : null, deps.now())
      activity.admin(actor, {
        action: archived ? 'project.archive' : 'project.unarchive',
        projectId: id,
      })
      return get(actor.organizationId, id)
    },
  )

  const remove = writeTransaction(deps.db, (actor: Actor, id: number) => {
    const p = own(actor.organizationId, id)
    for (const userId of repos.projectMembers.usersOf(id)) {
      assertKeepsAssignment(repos, actor.organizationId, userId, { projectId: id })
    }
    repos.projects.remove(id)
    activity.admin(actor, { action: 'project.delete', projectId: id, details: { title: p.title } })
    return { id }
  })

  const { members, addMember, removeMember } = containerMembers(deps, repos, activity, {
    noun: 'project',
    table: repos.projectMembers,
    own,
  })

  return { list, get, own, members, create, update, archive, remove, addMember, removeMember }
}
export type ProjectsService = ReturnType<typeof projectsService>
