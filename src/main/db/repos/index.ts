import type { Db } from '../open'
import { activityRepo } from './activity.repo'
import { apiTokensRepo } from './api-tokens.repo'
import { projectMembersRepo, workspaceMembersRepo } from './assignments.repo'
import { logStreamsRepo } from './log-streams.repo'
import { membershipsRepo } from './memberships.repo'
import { organizationsRepo } from './organizations.repo'
import { projectsRepo } from './projects.repo'
import { quotaRequestsRepo } from './quota-requests.repo'
import { serviceAccountsRepo } from './service-accounts.repo'
import { usersRepo } from './users.repo'
import { workspacesRepo } from './workspaces.repo'

/** Every repository, each with its statements prepared once for this connection. */
export function createRepos(db: Db) {
  return {
    organizations: organizationsRepo(db),
    users: usersRepo(db),
    memberships: membershipsRepo(db),
    serviceAccounts: serviceAccountsRepo(db),
    workspaces: workspacesRepo(db),
    projects: projectsRepo(db),
    workspaceMembers: workspaceMembersRepo(db),
    projectMembers: projectMembersRepo(db),
    apiTokens: apiTokensRepo(db),
    quotaRequests: quotaRequestsRepo(db),
    activity: activityRepo(db),
    logStreams: logStreamsRepo(db),
  }
}
export type Repos = ReturnType<typeof createRepos>
