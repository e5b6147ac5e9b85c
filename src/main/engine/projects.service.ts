import type { Project } from '../../shared/contracts/workspaces.contract'
import type { Repos } from '../db/repos'
import type { ProjectCreator, ProjectRow } from '../db/repos/projects.repo'
import { tasksRepo, type ProjectStats } from '../db/repos/tasks.repo'
import type { AccessPolicy, ProjectAction } from './access/policy'
import type { ActivityRecorder } from './activity/recorder'
import { containerMembers } from './container-members'
import { assertKeepsAssignment } from './assignment-guard'
import { writeTransaction, type Actor, type EngineDeps } from './deps'
import { EngineError, invalid } from './errors'
import { toProject } from './mappers'

export interface ProjectInput {
  /** Omitted: "New Project #N", as Label Studio names an untitled project. */
  title?: string
  description?: string
  workspaceId?: number | null
  labelConfig?: string
}

export interface ProjectFilter {
  workspaceId?: number
  includeArchived?: boolean
}

/** A project with what its API body shows besides its own fields. */
export interface ProjectDetail {
  project: ProjectRow
  stats: ProjectStats
  creator: ProjectCreator | undefined
  workspaceTitle: string | undefined
  members: readonly number[]
}

/**
 * Projects, for a caller: every method checks the access policy first (the caller sees only
 * what its role and assignments allow, and changes only what its role may).
 */
export function projectsService(
  deps: EngineDeps,
  repos: Repos,
  access: AccessPolicy,
  activity: ActivityRecorder,
) {
  const tasks = tasksRepo(deps.db)

  /** The admin screen's list: every project the caller can see, with counts. */
  function list(c: Actor, filter: ProjectFilter = {}): Project[] {
    const visible = new Set(access.visibleProjects(c).map((p) => p.id))
    return repos.projects
      .list(c.organizationId)
      .filter(
        (p) =>
          visible.has(p.id) &&
          (filter.includeArchived || p.archived_at === null) &&
          (filter.workspaceId === undefined || p.workspace_id === filter.workspaceId),
      )
      .map(toProject)
  }

  function get(c: Actor, id: number): Project {
    access.project(c, id, 'read')
    return toProject(repos.projects.getWithCounts(id)!)
  }

  /** The project if the caller may do `action` on it (the API's single-object routes). */
  const require = (c: Actor, id: number, action: ProjectAction) => access.project(c, id, action)

  /** Project rows the caller can see, in list order (the API filters and pages them). */
  const visible = (c: Actor): ProjectRow[] => access.visibleProjects(c)

  /** Counters, creators, workspace titles and members for a page: four statements a page. */
  function details(rows: readonly ProjectRow[]): ProjectDetail[] {
    if (rows.length === 0) return []
    const ids = rows.map((p) => p.id)
    const stats = tasks.projectStatsOf(ids)
    const creators = repos.projects.creatorsOf(rows.map((p) => p.created_by))
    const workspaceIds = rows.flatMap((p) => (p.workspace_id === null ? [] : [p.workspace_id]))
    const titles = repos.projects.workspaceTitlesOf(workspaceIds)
    const members = repos.projects.membersOf(ids)
    return rows.map((p) => ({
      project: p,
      stats: stats.get(p.id)!,
      creator: creators.get(p.created_by),
      workspaceTitle: p.workspace_id === null ? undefined : titles.get(p.workspace_id),
      members: members.get(p.id) ?? [],
    }))
  }

  const detail = (c: Actor, id: number, action: ProjectAction = 'read'): ProjectDetail =>
    details([access.project(c, id, action)])[0]!

  /**
   * The workspace a project goes into: one the caller cannot see is a bad value for the field
   * (as Label Studio's serializer answers an unknown workspace id), one it sees but may not
   * manage is refused.
   */
  function targetWorkspace(c: Actor, workspaceId: number) {
    try {
      access.workspace(c, workspaceId, 'manage')
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') {
        throw invalid(`Workspace ${workspaceId} not found`, 'workspaceId')
      }
      throw err
    }
  }

  const create = writeTransaction(deps.db, (actor: Actor, input: ProjectInput): Project => {
    access.requireManager(actor)
    if (input.workspaceId != null) targetWorkspace(actor, input.workspaceId)
    const title =
      input.title ?? `New Project #${repos.projects.list(actor.organizationId).length + 1}`
    const id = repos.projects.insert({
      organization_id: actor.organizationId,
      workspace_id: input.workspaceId ?? null,
      title,
      description: input.description ?? '',
      label_config: input.labelConfig,
      created_by: actor.userId,
      created_at: deps.now(),
    })
    activity.admin(actor, {
      action: 'project.create',
      projectId: id,
      workspaceId: input.workspaceId ?? null,
      details: { title },
    })
    return get(actor, id)
  })

  const update = writeTransaction(
    deps.db,
    (actor: Actor, id: number, patch: Partial<ProjectInput>): Project => {
      const p = access.project(actor, id, 'manage')
      if (patch.workspaceId != null && patch.workspaceId !== p.workspace_id) {
        targetWorkspace(actor, patch.workspaceId)
      }
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
      return get(actor, id)
    },
  )

  const archive = writeTransaction(
    deps.db,
    (actor: Actor, id: number, archived: boolean): Project => {
      access.project(actor, id, 'manage')
      repos.projects.setArchived(id, archived ? deps.now() : null, deps.now())
      activity.admin(actor, {
        action: archived ? 'project.archive' : 'project.unarchive',
        projectId: id,
      })
      return get(actor, id)
    },
  )

  const remove = writeTransaction(deps.db, (actor: Actor, id: number) => {
    const p = access.project(actor, id, 'manage')
    for (const userId of repos.projectMembers.usersOf(id)) {
      assertKeepsAssignment(repos, actor.organizationId, userId, { projectId: id })
    }
    repos.projects.remove(id)
    activity.admin(actor, { action: 'project.delete', projectId: id, details: { title: p.title } })
    return { id }
  })

  const { members, memberUsers, addMember, removeMember } = containerMembers(
    deps,
    repos,
    activity,
    {
      noun: 'project',
      table: repos.projectMembers,
      check: (c, id, action) => access.project(c, id, action),
    },
  )

  return {
    list,
    get,
    require,
    visible,
    details,
    detail,
    members,
    memberUsers,
    create,
    update,
    archive,
    remove,
    addMember,
    removeMember,
  }
}
export type ProjectsService = ReturnType<typeof projectsService>
