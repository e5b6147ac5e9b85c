import { ASSIGNED_ROLES } from '../../shared/roles'
import type { Repos } from '../db/repos'
import { invalid } from './errors'

/**
 * Annotator, Reviewer and Manager service accounts must keep at least one workspace or
 * project. Called before removing one membership of a user.
 */
export function assertKeepsAssignment(
  repos: Repos,
  orgId: number,
  userId: number,
  removing: { workspaceId?: number; projectId?: number },
): void {
  const account = repos.serviceAccounts.get(userId)
  if (!account || account.deleted_at !== null) return
  const role = repos.memberships.get(orgId, userId)?.role
  if (!role || !ASSIGNED_ROLES.includes(role)) return
  const left =
    repos.workspaceMembers.ofUser(userId).filter((w) => w !== removing.workspaceId).length +
    repos.projectMembers.ofUser(userId).filter((p) => p !== removing.projectId).length
  if (left === 0) {
    throw invalid(
      `“${account.name}” needs at least one workspace or project; assign another before removing this one`,
      'userId',
    )
  }
}

/**
 * Administrator service accounts reach the whole organization and take no assignments
 * (DESIGN §3), whichever screen tries to add one: the member pickers too, not only its form.
 */
export function assertMayBeAssigned(repos: Repos, orgId: number, userId: number): void {
  const account = repos.serviceAccounts.get(userId)
  if (!account || repos.memberships.get(orgId, userId)?.role !== 'AD') return
  throw invalid(
    `“${account.name}” is an Administrator with access to every workspace and project; it needs no membership`,
    'userId',
  )
}
