import type { Repos } from '../../db/repos'
import type { ProjectRow } from '../../db/repos/projects.repo'
import type { WorkspaceRow } from '../../db/repos/workspaces.repo'
import { isAdminRole, type Role } from '../../../shared/roles'
import type { Actor } from '../deps'
import { EngineError } from '../errors'

/**
 * The one access policy (DESIGN §5, Label Studio's matrix). Every service that acts for a
 * caller asks it, so the REST API, the admin RPC and the CLI get the same answer.
 *
 * OW/AD: everything in the organization. MA: CRUD, import, tasks, annotations and reviews in
 * the workspaces and projects it created or is assigned to. RE: reads assigned projects,
 * annotates and reviews there. AN: reads assigned projects, creates and changes its own
 * annotations there. DI/NO: nothing.
 *
 * The caller's role and assignments are read from the database on every call, never cached, so
 * a change applies to the very next request. What the caller cannot see is NOT_FOUND (its
 * existence is not revealed); what it can see but may not change is FORBIDDEN.
 */
export type ProjectAction = 'read' | 'manage' | 'annotate' | 'review' | 'members'
export type WorkspaceAction = 'read' | 'manage' | 'members'

const ADMIN: readonly Role[] = ['OW', 'AD']
export const MANAGERS: readonly Role[] = ['OW', 'AD', 'MA']
const MAY: Record<ProjectAction, readonly Role[]> = {
  read: ['OW', 'AD', 'MA', 'RE', 'AN'],
  manage: MANAGERS,
  annotate: ['OW', 'AD', 'MA', 'RE', 'AN'],
  review: ['OW', 'AD', 'MA', 'RE'],
  members: ADMIN,
}

export const NOT_PERMITTED = 'You do not have permission to perform this action.'

export const hidden = (what: string, id?: number): EngineError =>
  new EngineError('NOT_FOUND', id === undefined ? `${what} not found` : `${what} ${id} not found`)
/** The object a refusal is about, when the caller can see it (the activity entry names it). */
export interface RefusedScope {
  projectId?: number
  workspaceId?: number | null
}

export const refused = (message = NOT_PERMITTED, scope?: RefusedScope): EngineError =>
  new EngineError('FORBIDDEN', message, scope ? { ...scope } : undefined)

export function accessPolicy(repos: Repos) {
  /** The caller's role now; a caller with no live membership has none and may do nothing. */
  function roleOf(c: Actor): Role {
    const m = repos.memberships.get(c.organizationId, c.userId)
    if (!m || m.deleted_at !== null || m.role === 'DI' || m.role === 'NO') throw refused()
    return m.role
  }

  const isAdmin = (c: Actor) => isAdminRole(roleOf(c))

  function requireRole(c: Actor, roles: readonly Role[], message?: string): Role {
    const role = roleOf(c)
    if (!roles.includes(role)) throw refused(message)
    return role
  }

  function seesWorkspace(c: Actor, role: Role, w: WorkspaceRow): boolean {
    if (w.organization_id !== c.organizationId) return false
    if (isAdminRole(role)) return true
    if (repos.workspaceMembers.has(w.id, c.userId)) return true
    return role === 'MA' && w.created_by === c.userId
  }

  function seesProject(c: Actor, role: Role, p: ProjectRow): boolean {
    if (p.organization_id !== c.organizationId) return false
    if (isAdminRole(role)) return true
    if (repos.projectMembers.has(p.id, c.userId)) return true
    if (p.workspace_id !== null) {
      const w = repos.workspaces.get(p.workspace_id)
      if (w && seesWorkspace(c, role, w)) return true
    }
    return role === 'MA' && p.created_by === c.userId
  }

  /** The project, if `c` may do `action` on it: NOT_FOUND when invisible, FORBIDDEN if only visible. */
  function project(c: Actor, id: number, action: ProjectAction): ProjectRow {
    const role = roleOf(c)
    const p = repos.projects.get(id)
    if (!p || !seesProject(c, role, p)) throw hidden('Project', id)
    if (!MAY[action].includes(role)) {
      throw refused(NOT_PERMITTED, { projectId: p.id, workspaceId: p.workspace_id })
    }
    return p
  }

  function workspace(c: Actor, id: number, action: WorkspaceAction): WorkspaceRow {
    const role = roleOf(c)
    const w = repos.workspaces.get(id)
    if (!w || !seesWorkspace(c, role, w)) throw hidden('Workspace', id)
    if (!MAY[action].includes(role)) throw refused(NOT_PERMITTED, { workspaceId: w.id })
    return w
  }

  /** An organization-wide read `fn(orgId, …)` as a method for an Administrator: `(caller, …)`. */
  const forAdmin =
    <A extends unknown[], R>(fn: (orgId: number, ...a: A) => R) =>
    (c: Actor, ...a: A): R => {
      requireRole(c, ADMIN)
      return fn(c.organizationId, ...a)
    }
  /** An action `fn(caller, …)` that only an Owner or Administrator may take. */
  const adminOnly =
    <A extends unknown[], R>(fn: (c: Actor, ...a: A) => R) =>
    (c: Actor, ...a: A): R => {
      requireRole(c, ADMIN)
      return fn(c, ...a)
    }

  return {
    roleOf,
    forAdmin,
    adminOnly,
    isAdmin,
    requireRole,
    /** Owner or Administrator. */
    requireAdmin: (c: Actor, message?: string) => requireRole(c, ADMIN, message),
    /** Owner, Administrator or Manager: may create workspaces and projects. */
    requireManager: (c: Actor) => requireRole(c, MANAGERS),
    requireOwner: (c: Actor, message: string) => requireRole(c, ['OW'], message),
    project,
    workspace,
    canSeeProject: (c: Actor, p: ProjectRow) => seesProject(c, roleOf(c), p),
    visibleProjects(c: Actor): ProjectRow[] {
      const role = roleOf(c)
      return repos.projects.rowsOf(c.organizationId).filter((p) => seesProject(c, role, p))
    },
    visibleWorkspaces(c: Actor): WorkspaceRow[] {
      const role = roleOf(c)
      return repos.workspaces.list(c.organizationId).filter((w) => seesWorkspace(c, role, w))
    },
    /** Own-annotation rule: AN and RE change only what they wrote; MA and admins anything. */
    annotationWrite(c: Actor, completedBy: number, remove = false): void {
      const role = roleOf(c)
      if (isAdminRole(role) || role === 'MA') return
      if (remove && role === 'AN') throw refused()
      if (completedBy !== c.userId) throw refused('You can only change your own annotations.')
    },
    /** An organization in a path must be the caller's; any other id is invisible. */
    ownOrg(c: Actor, orgId: number): void {
      if (orgId !== c.organizationId) throw hidden('Organization', orgId)
    },
    /** A member of the caller's organization; people outside it, or deleted, are invisible. */
    member(c: Actor, userId: number) {
      const m = repos.memberships.get(c.organizationId, userId)
      if (!m || m.deleted_at !== null) throw hidden('Member', userId)
      return m
    },
  }
}
export type AccessPolicy = ReturnType<typeof accessPolicy>
