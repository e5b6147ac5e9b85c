import type { FastifyRequest } from 'fastify'
import type { ProjectAction, WorkspaceAction } from '../engine/access/policy'
import type { Engine } from '../engine/engine'
import type { Principal } from '../engine/tokens.service'
import { EngineError } from '../engine/errors'
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

type Scope = { projectId?: number; workspaceId?: number | null }

/**
 * Runs one policy check and names its project and workspace on the request's activity entry:
 * those of the object when allowed, those the refusal carries when it is visible but refused.
 */
function scoped<T>(request: FastifyRequest, check: () => T, scopeOf: (value: T) => Scope): T {
  try {
    const value = check()
    Object.assign(request.tessera, scopeOf(value))
    return value
  } catch (err) {
    if (err instanceof EngineError && err.code === 'FORBIDDEN' && err.details) {
      const { projectId, workspaceId } = err.details as Scope
      if (projectId !== undefined) request.tessera.projectId = projectId
      if (workspaceId !== undefined) request.tessera.workspaceId = workspaceId
    }
    throw err
  }
}

/** The project, if the caller may do `action` on it (404 when invisible, 403 when only visible). */
export const requireProject = (
  engine: Engine,
  request: FastifyRequest,
  projectId: number,
  action: ProjectAction,
) =>
  scoped(
    request,
    () => engine.projects.require(callerOf(request), projectId, action),
    (p) => ({ projectId: p.id, workspaceId: p.workspace_id }),
  )

export const requireWorkspace = (
  engine: Engine,
  request: FastifyRequest,
  workspaceId: number,
  action: WorkspaceAction,
) =>
  scoped(
    request,
    () => engine.workspaces.require(callerOf(request), workspaceId, action),
    (w) => ({ workspaceId: w.id }),
  )

/** Every project the caller can see, in list order. */
export const visibleProjects = (engine: Engine, p: Principal) => engine.projects.visible(p)
