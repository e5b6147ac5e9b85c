import { ASSIGNED_ROLES, ROLE_LABELS, type Role } from '../../shared/roles'
import type { Repos } from '../db/repos'
import type { ServiceAccountRow } from '../db/repos/service-accounts.repo'
import { EngineError, invalid } from './errors'
import { displayName } from './mappers'

/** The workspaces and projects a service account is assigned to. */
export interface Assignments {
  workspaceIds: number[]
  projectIds: number[]
}
export const NO_ASSIGNMENTS: Assignments = { workspaceIds: [], projectIds: [] }

const sameSet = (x: number[], y: number[]) => {
  const a = new Set(x)
  const b = new Set(y)
  return a.size === b.size && [...a].every((id) => b.has(id))
}
export const sameAssignments = (x: Assignments, y: Assignments) =>
  sameSet(x.workspaceIds, y.workspaceIds) && sameSet(x.projectIds, y.projectIds)

/** DESIGN §3: assigned roles need at least one workspace or project; Administrators none. */
export function checkRoleAssignments(role: Role, a: Assignments): void {
  if (role === 'OW') throw invalid('A service account cannot be the Owner', 'role')
  if (role === 'NO') throw invalid('Not Activated is not a role for service accounts', 'role')
  const count = a.workspaceIds.length + a.projectIds.length
  if (ASSIGNED_ROLES.includes(role) && count === 0) {
    throw invalid(
      `${ROLE_LABELS[role]} service accounts need at least one workspace or project`,
      'assignments',
    )
  }
  if (role === 'AD' && count > 0) {
    throw invalid(
      'Administrators have access to the whole organization; remove the workspaces and projects',
      'assignments',
    )
  }
}

/** Every assigned workspace and project exists and belongs to this organization. */
export function checkTargets(repos: Repos, orgId: number, a: Assignments): void {
  for (const id of a.workspaceIds) {
    const w = repos.workspaces.get(id)
    if (!w || w.organization_id !== orgId) throw invalid(`Workspace ${id} not found`, 'assignments')
  }
  for (const id of a.projectIds) {
    const p = repos.projects.get(id)
    if (!p || p.organization_id !== orgId) throw invalid(`Project ${id} not found`, 'assignments')
  }
}

/** An ASCII handle for the account's username and placeholder email. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return (s || 'account').slice(0, 40)
}

/**
 * Refuses an edit made from a stale copy: `expected` is the version the admin's form was
 * opened with. Without one (the CLI, the REST API) the edit applies to whatever is current.
 */
export function checkVersion(repos: Repos, row: ServiceAccountRow, expected: number | undefined) {
  if (expected === undefined || row.version === expected) return
  const last = repos.serviceAccounts.lastChange(row.user_id)
  const who = last?.email
    ? displayName({
        first_name: last.first_name ?? '',
        last_name: last.last_name ?? '',
        username: last.username ?? '',
        email: last.email,
      })
    : 'another administrator'
  const when = last ? ` at ${new Date(last.ts).toISOString().slice(11, 16)} UTC` : ''
  throw new EngineError(
    'CONFLICT',
    `“${row.name}” was changed by ${who}${when} while you were editing. Nothing was saved; ` +
      'review the current values and make your change again.',
    { field: 'version', currentVersion: row.version, changedBy: last?.actor_id ?? null },
  )
}
