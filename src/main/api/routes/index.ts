import type { FastifyInstance } from 'fastify'
import { activityLogsRoutes } from './activity-logs.routes'
import { annotationsRoutes } from './annotations.routes'
import { authRoutes } from './auth.routes'
import { exportRoutes } from './export.routes'
import { importRoutes } from './import.routes'
import { metaRoutes } from './meta.routes'
import { organizationsRoutes } from './organizations.routes'
import { predictionsRoutes } from './predictions.routes'
import { projectsRoutes } from './projects.routes'
import { reviewsRoutes } from './reviews.routes'
import { serviceAccountsRoutes } from './service-accounts.routes'
import { tasksRoutes } from './tasks.routes'
import { tokensRoutes } from './tokens.routes'
import type { ApiContext, RouteModule } from './types'
import { usersRoutes } from './users.routes'
import { workspacesRoutes } from './workspaces.routes'
import { collectRoutes } from '../openapi'

/**
 * Every route module of the local API. To add one, write `routes/<name>.routes.ts` exporting a
 * RouteModule and add it to this list; the OpenAPI document picks it up automatically.
 */
export const ROUTE_MODULES: RouteModule[] = [
  metaRoutes,
  authRoutes,
  tokensRoutes,
  usersRoutes,
  organizationsRoutes,
  serviceAccountsRoutes,
  workspacesRoutes,
  projectsRoutes,
  importRoutes,
  exportRoutes,
  tasksRoutes,
  annotationsRoutes,
  predictionsRoutes,
  reviewsRoutes,
  activityLogsRoutes,
]

export function registerRoutes(app: FastifyInstance, ctx: ApiContext): void {
  collectRoutes(app)
  for (const register of ROUTE_MODULES) register(app, ctx)
}
