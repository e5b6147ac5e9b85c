import type { Handlers } from '../handler-types'
import { activityHandlers } from './activity.handlers'
import { membersHandlers, organizationHandlers, quotaHandlers } from './organization.handlers'
import { performanceHandlers } from './performance.handlers'
import { securityHandlers } from './security.handlers'
import { serviceAccountsHandlers } from './service-accounts.handlers'
import { teamHandlers } from './team.handlers'
import { streamsHandlers } from './streams.handlers'
import { projectsHandlers, workspacesHandlers } from './workspaces.handlers'

export const handlers: Handlers = {
  ...organizationHandlers,
  ...membersHandlers,
  ...quotaHandlers,
  ...workspacesHandlers,
  ...projectsHandlers,
  ...serviceAccountsHandlers,
  ...activityHandlers,
  ...performanceHandlers,
  ...securityHandlers,
  ...teamHandlers,
  ...streamsHandlers,
}
