import type {
  Explanation,
  ServiceAccount,
  ProjectCan,
  WorkspaceCan,
} from '../../../shared/contracts/service-accounts.contract'
import type { Repos } from '../../db/repos'
import type { Actor } from '../deps'
import { EngineError } from '../errors'
import type { AccessPolicy, ProjectAction, WorkspaceAction } from './policy'

/**
 * What each listed action asks of the one access policy: the same check the API route for it
 * makes (import and export need `manage`, as their routes do).
 */
export const PROJECT_ACTIONS: Record<keyof ProjectCan, ProjectAction> = {
  read: 'read',
  annotate: 'annotate',
  review: 'review',
  import: 'manage',
  export: 'manage',
  manageMembers: 'members',
  administer: 'manage',
}
export const WORKSPACE_ACTIONS: Record<keyof WorkspaceCan, WorkspaceAction> = {
  read: 'read',
  manageMembers: 'members',
  administer: 'manage',
}

const LABELS: Record<keyof ProjectCan, string> = {
  read: 'read',
  annotate: 'annotate',
  review: 'review',
  import: 'import tasks',
  export: 'export',
  manageMembers: 'manage members',
  administer: 'administer',
}

/** Whether the policy lets `c` do it: a refusal (hidden or forbidden) is a no. */
function allows(check: () => unknown): boolean {
  try {
    check()
    return true
  } catch (err) {
    if (err instanceof EngineError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) {
      return false
    }
    throw err
  }
}

/**
 * "What can this token do?": every workspace and project of the organization the account
 * can see, and each action there, asked of the access policy exactly as the API asks it, so
 * this view and the API cannot disagree. Then what it cannot do, in sentences.
 */
export function explainAccess(
  repos: Repos,
  access: AccessPolicy,
  account: Actor,
  tokenProblems: string[],
): Omit<Explanation, 'account'> {
  const orgAdmin = allows(() => access.requireAdmin(account))
  const workspaces = repos.workspaces.list(account.organizationId).flatMap((w) => {
    const can = Object.fromEntries(
      Object.entries(WORKSPACE_ACTIONS).map(([k, action]) => [
        k,
        allows(() => access.workspace(account, w.id, action)),
      ]),
    ) as WorkspaceCan
    return can.read ? [{ id: w.id, title: w.title, can }] : []
  })
  const projects = repos.projects.rowsOf(account.organizationId).flatMap((p) => {
    const can = Object.fromEntries(
      Object.entries(PROJECT_ACTIONS).map(([k, action]) => [
        k,
        allows(() => access.project(account, p.id, action)),
      ]),
    ) as ProjectCan
    if (!can.read) return []
    const w = p.workspace_id === null ? undefined : repos.workspaces.get(p.workspace_id)
    return [{ id: p.id, title: p.title, workspace: w ? { id: w.id, title: w.title } : null, can }]
  })
  const totalWorkspaces = repos.workspaces.list(account.organizationId).length
  const totalProjects = repos.projects.rowsOf(account.organizationId).length
  const cannot: string[] = [...tokenProblems]
  if (!orgAdmin) {
    cannot.push(
      'It cannot administer the organization (members, service accounts, settings, the activity log).',
    )
  }
  for (const key of Object.keys(PROJECT_ACTIONS) as (keyof ProjectCan)[]) {
    const where = projects.filter((p) => p.can[key]).length
    if (projects.length > 0 && where === 0) cannot.push(`It cannot ${LABELS[key]} in any project.`)
  }
  const hiddenProjects = totalProjects - projects.length
  const hiddenWorkspaces = totalWorkspaces - workspaces.length
  if (hiddenProjects > 0 || hiddenWorkspaces > 0) {
    cannot.push(
      `It cannot see ${hiddenWorkspaces} other workspace${hiddenWorkspaces === 1 ? '' : 's'} and ${hiddenProjects} other project${hiddenProjects === 1 ? '' : 's'}: they answer 404 to it.`,
    )
  }
  return { organizationAdmin: orgAdmin, workspaces, projects, cannot }
}

/** Why the account's tokens may be refused before any of the above applies. */
export function tokenProblems(
  account: ServiceAccount,
  org: { api_keys_enabled: number } | undefined,
  now: number,
): string[] {
  const out: string[] = []
  if (account.status === 'deleted') out.push('Its tokens are refused: the account is deleted.')
  else if (account.status === 'deactivated') {
    out.push('Its tokens are refused: the account is deactivated (reactivate it with a role).')
  }
  if (account.status !== 'deleted' && !account.token) out.push('It has no valid token.')
  if (account.token?.expiresAt != null && account.token.expiresAt <= now) {
    out.push('Its token has expired.')
  }
  if (org && !org.api_keys_enabled) out.push('API keys are disabled for this organization.')
  if (account.allowedNetworks.length > 0) {
    out.push(
      `Its tokens are refused from anywhere but ${account.allowedNetworks.join(', ')} (network allowlist).`,
    )
  }
  return out
}
