import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
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
import { tokenHygieneRoutes } from './token-hygiene.routes'
import { tokensRoutes } from './tokens.routes'
import type { ApiContext, RouteModule } from './types'
import { usersRoutes } from './users.routes'
import { workspacesRoutes } from './workspaces.routes'

/**
 * Every route module of the local API. To add one, write `routes/<name>.routes.ts` exporting a
 * RouteModule and add it to this list; the OpenAPI document picks it up (with its zod shapes) automatically.
 */
export const ROUTE_MODULES: RouteModule[] = [
  metaRoutes,
  authRoutes,
  tokensRoutes,
  usersRoutes,
  organizationsRoutes,
  serviceAccountsRoutes,
  tokenHygieneRoutes,
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
  const typed = app.withTypeProvider<ZodTypeProvider>()
  for (const register of ROUTE_MODULES) register(typed, ctx)
}
