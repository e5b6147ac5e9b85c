import type { Workspace } from '../../shared/contracts/workspaces.contract'
import type { Repos } from '../db/repos'
import type { WorkspaceRow } from '../db/repos/workspaces.repo'
import type { AccessPolicy, WorkspaceAction } from './access/policy'
import type { ActivityRecorder } from './activity/recorder'
import { writeTransaction, type Actor, type EngineDeps } from './deps'
import { containerMembers } from './container-members'
import { assertKeepsAssignment } from './assignment-guard'
import { conflict } from './errors'
import { toWorkspace } from './mappers'

export interface WorkspaceInput {
  title: string
  description?: string
  color?: string
}

const PALETTE = ['#4c6ef5', '#12b886', '#fab005', '#fa5252', '#7950f2', '#15aabf', '#fd7e14']

/** A workspace with what its API body shows besides its own fields. */
export interface WorkspaceDetail {
  workspace: WorkspaceRow
  creator: { id: number; email: string; first_name: string; last_name: string } | undefined
  projectsCount: number
  /** Whether the viewer is a member (Label Studio's `membership`). */
  viewerIsMember: boolean
}

/** Workspaces, for a caller: every method checks the access policy first. */
export function workspacesService(
  deps: EngineDeps,
  repos: Repos,
  access: AccessPolicy,
  activity: ActivityRecorder,
) {
  function list(c: Actor, includeArchived = false): Workspace[] {
    const visible = new Set(access.visibleWorkspaces(c).map((w) => w.id))
    return repos.workspaces
      .list(c.organizationId)
      .filter((w) => visible.has(w.id) && (includeArchived || w.archived_at === null))
      .map(toWorkspace)
  }

  function get(c: Actor, id: number): Workspace {
    access.workspace(c, id, 'read')
    return toWorkspace(repos.workspaces.list(c.organizationId).find((x) => x.id === id)!)
  }

  function detailOf(viewerId: number, w: WorkspaceRow): WorkspaceDetail {
    const creator = repos.users.get(w.created_by)
    return {
      workspace: w,
      creator: creator && {
        id: creator.id,
        email: creator.email,
        first_name: creator.first_name,
        last_name: creator.last_name,
      },
      projectsCount: repos.workspaces.projectCount(w.id),
      viewerIsMember: repos.workspaceMembers.has(w.id, viewerId),
    }
  }

  /** Every workspace the caller can see, for the API's body. */
  const details = (c: Actor): WorkspaceDetail[] =>
    access.visibleWorkspaces(c).map((w) => detailOf(c.userId, w))

  const detail = (c: Actor, id: number, action: WorkspaceAction = 'read'): WorkspaceDetail =>
    detailOf(c.userId, access.workspace(c, id, action))

  /** The workspace if the caller may do `action` on it. */
  const require = (c: Actor, id: number, action: WorkspaceAction) => access.workspace(c, id, action)

  /** The projects of a workspace that the caller can see. */
  function projects(c: Actor, id: number) {
    const w = access.workspace(c, id, 'read')
    return access.visibleProjects(c).filter((p) => p.workspace_id === w.id)
  }

  const create = writeTransaction(deps.db, (actor: Actor, input: WorkspaceInput): Workspace => {
    access.requireManager(actor)
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
    return get(actor, id)
  })

  const update = writeTransaction(
    deps.db,
    (actor: Actor, id: number, patch: Partial<WorkspaceInput>): Workspace => {
      const w = access.workspace(actor, id, 'manage')
      repos.workspaces.update({
        id,
        title: patch.title ?? w.title,
        description: patch.description ?? w.description,
        color: patch.color ?? w.color,
        updated_at: deps.now(),
      })
      activity.admin(actor, { action: 'workspace.update', workspaceId: id, details: { ...patch } })
      return get(actor, id)
    },
  )

  const archive = writeTransaction(
    deps.db,
    (actor: Actor, id: number, archived: boolean): Workspace => {
      access.workspace(actor, id, 'manage')
      repos.workspaces.setArchived(id, archived ? deps.now() : null, deps.now())
      activity.admin(actor, {
        action: archived ? 'workspace.archive' : 'workspace.unarchive',
        workspaceId: id,
      })
      return get(actor, id)
    },
  )

  const remove = writeTransaction(deps.db, (actor: Actor, id: number) => {
    const w = access.workspace(actor, id, 'manage')
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

  const { members, memberUsers, addMember, removeMember } = containerMembers(
    deps,
    repos,
    activity,
    {
      noun: 'workspace',
      table: repos.workspaceMembers,
      check: (c, id, action) => access.workspace(c, id, action),
    },
  )

  return {
    list,
    get,
    require,
    details,
    detail,
    projects,
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
export type WorkspacesService = ReturnType<typeof workspacesService>
