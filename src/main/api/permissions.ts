import type { FastifyRequest } from 'fastify'
import type { ProjectRow } from '../db/repos/projects.repo'
import type { WorkspaceRow } from '../db/repos/workspaces.repo'
import type { Engine } from '../engine/engine'
import type { Principal } from '../engine/tokens.service'
import type { Role } from '../../shared/roles'
import { ApiError, forbiddenError, notFoundError } from './errors'

/**
 * DESIGN §5, the Label Studio matrix. OW/AD: everything in the org. MA: CRUD, import, tasks,
 * annotations and reviews in the workspaces/projects it created or is assigned to. RE: read
 * assigned projects, annotate and review there. AN: read assigned projects, create and update
 * its own annotations there. DI/NO never get here (their tokens fail authentication).
 *
 * Everything is read from the database on each call, never cached, so a role or assignment
 * change applies to the very next request. Objects the caller cannot see answer 404 (their
 * existence is not revealed); visible objects the role may not change answer 403.
 */
export type ProjectAction = 'read' | 'manage' | 'annotate' | 'review' | 'members'
export type WorkspaceAction = 'read' | 'manage' | 'members'

const ADMIN: readonly Role[] = ['OW', 'AD']
const ALLOWED: Record<ProjectAction, readonly Role[]> = {
  read: ['OW', 'AD', 'MA', 'RE', 'AN'],
  manage: ['OW', 'AD', 'MA'],
  annotate: ['OW', 'AD', 'MA', 'RE', 'AN'],
  review: ['OW', 'AD', 'MA', 'RE'],
  members: ADMIN,
}

export const isAdmin = (p: Principal) => ADMIN.includes(p.role)

/** The authenticated caller of a non-public route. */
export function callerOf(request: FastifyRequest): Principal {
  const p = request.tessera.principal
  if (!p) throw new ApiError(401, 'Authentication credentials were not provided.')
  return p
}

export function requireRole(p: Principal, roles: readonly Role[]): void {
  if (!roles.includes(p.role)) throw forbiddenError()
}

export function canSeeWorkspace(engine: Engine, p: Principal, w: WorkspaceRow): boolean {
  if (w.organization_id !== p.organizationId) return false
  if (isAdmin(p)) return true
  if (engine.repos.workspaceMembers.has(w.id, p.userId)) return true
  return p.role === 'MA' && w.created_by === p.userId
}

export function canSeeProject(engine: Engine, p: Principal, project: ProjectRow): boolean {
  if (project.organization_id !== p.organizationId) return false
  if (isAdmin(p)) return true
  if (engine.repos.projectMembers.has(project.id, p.userId)) return true
  if (project.workspace_id !== null) {
    const w = engine.repos.workspaces.get(project.workspace_id)
    if (w && canSeeWorkspace(engine, p, w)) return true
  }
  return p.role === 'MA' && project.created_by === p.userId
}

/** The project, if `p` may do `action` on it; 404 when invisible, 403 when only visible. */
export function requireProject(
  engine: Engine,
  request: FastifyRequest,
  projectId: number,
  action: ProjectAction,
): ProjectRow {
  const p = callerOf(request)
  const project = engine.repos.projects.get(projectId)
  if (!project || !canSeeProject(engine, p, project)) throw notFoundError()
  request.tessera.projectId = project.id
  request.tessera.workspaceId = project.workspace_id
  if (!ALLOWED[action].includes(p.role)) throw forbiddenError()
  return project
}

export function requireWorkspace(
  engine: Engine,
  request: FastifyRequest,
  workspaceId: number,
  action: WorkspaceAction,
): WorkspaceRow {
  const p = callerOf(request)
  const w = engine.repos.workspaces.get(workspaceId)
  if (!w || !canSeeWorkspace(engine, p, w)) throw notFoundError()
  request.tessera.workspaceId = w.id
  if (!ALLOWED[action].includes(p.role)) throw forbiddenError()
  return w
}

/** Every project `p` can see, in list order. */
export function visibleProjects(engine: Engine, p: Principal) {
  return engine.repos.projects
    .rowsOf(p.organizationId)
    .filter((project) => canSeeProject(engine, p, project))
}

export function visibleWorkspaces(engine: Engine, p: Principal) {
  return engine.repos.workspaces.list(p.organizationId).filter((w) => canSeeWorkspace(engine, p, w))
}

/** Own-annotation rule: AN and RE may change only what they wrote; MA and admins anything. */
export function requireAnnotationWrite(p: Principal, completedBy: number, remove = false): void {
  if (isAdmin(p) || p.role === 'MA') return
  if (remove && p.role === 'AN') throw forbiddenError()
  if (completedBy !== p.userId) throw forbiddenError('You can only change your own annotations.')
}

/** The org in the path must be the caller's; any other id is invisible. */
export function requireOwnOrg(p: Principal, orgId: number): void {
  if (orgId !== p.organizationId) throw notFoundError()
}
