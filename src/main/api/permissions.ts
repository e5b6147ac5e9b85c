import type { FastifyRequest } from 'fastify'
import type { ProjectAction, WorkspaceAction } from '../engine/access/policy'
import type { Engine } from '../engine/engine'
import type { Principal } from '../engine/tokens.service'
import { ApiError } from './errors'

export type { ProjectAction, WorkspaceAction } from '../engine/access/policy'

/**
 * The REST side of the engine's one access policy (src/main/engine/access/policy.ts): no rule
 * is written here. These helpers name the caller and, for the activity entry, the project or
 * workspace a request is about, before the service call that checks again.
 */

/** The authenticated caller of a non-public route. */
export function callerOf(request: FastifyRequest): Principal {
  const p = request.tessera.principal
  if (!p) throw new ApiError(401, 'Authentication credentials were not provided.')
  return p
}

/** The project, if the caller may do `action` on it (404 when invisible, 403 when only visible). */
export function requireProject(
  engine: Engine,
  request: FastifyRequest,
  projectId: number,
  action: ProjectAction,
) {
  const p = callerOf(request)
  const project = engine.projects.require(p, projectId, 'read')
  request.tessera.projectId = project.id
  request.tessera.workspaceId = project.workspace_id
  return action === 'read' ? project : engine.projects.require(p, projectId, action)
}

export function requireWorkspace(
  engine: Engine,
  request: FastifyRequest,
  workspaceId: number,
  action: WorkspaceAction,
) {
  const p = callerOf(request)
  const w = engine.workspaces.require(p, workspaceId, 'read')
  request.tessera.workspaceId = w.id
  return action === 'read' ? w : engine.workspaces.require(p, workspaceId, action)
}

/** Every project the caller can see, in list order. */
export const visibleProjects = (engine: Engine, p: Principal) => engine.projects.visible(p)
