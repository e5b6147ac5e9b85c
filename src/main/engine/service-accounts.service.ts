import type { IssuedToken, ServiceAccount } from '../../shared/contracts/service-accounts.contract'
import { ASSIGNED_ROLES, ROLE_LABELS, type Role } from '../../shared/roles'
import { ServiceAccountName } from '../../shared/schemas'
import type { Repos } from '../db/repos'
import type { ActivityRecorder } from './activity/recorder'
import type { Actor, EngineDeps } from './deps'
import { EngineError, conflict, invalid, notFound } from './errors'
import { UNDELETE_WINDOW_MS, serviceAccountView } from './service-accounts.view'
import type { TokensService } from './tokens.service'

export interface NewServiceAccount {
  name: string
  description?: string
  role: Role
  workspaceIds?: number[]
  projectIds?: number[]
}

interface Assignments {
  workspaceIds: number[]
  projectIds: number[]
}

export function serviceAccountsService(
  deps: EngineDeps,
  repos: Repos,
  activity: ActivityRecorder,
  tokens: TokensService,
) {
  const view = (userId: number) => serviceAccountView(repos, repos.serviceAccounts.get(userId)!)

  function own(orgId: number, userId: number) {
    const row = repos.serviceAccounts.get(userId)
    if (!row || row.organization_id !== orgId) throw notFound('Service account', userId)
    if (row.deleted_at !== null && deps.now() > row.deleted_at + UNDELETE_WINDOW_MS) {
      throw notFound('Service account', userId)
    }
    return row
  }

  function live(orgId: number, userId: number) {
    const row = own(orgId, userId)
    if (row.deleted_at !== null) {
      throw conflict(`“${row.name}” is deleted; undelete it first`)
    }
    return row
  }

  /** Why a name cannot be used, or null when it is free. */
  function nameProblem(orgId: number, name: string): string | null {
    const parsed = ServiceAccountName.safeParse(name)
    if (!parsed.success) return parsed.error.issues[0]!.message
    const now = deps.now()
    const taken = repos.serviceAccounts
      .byName(orgId, name.trim())
      .find((a) => a.deleted_at === null || now <= a.deleted_at + UNDELETE_WINDOW_MS)
    if (!taken) return null
    return taken.deleted_at === null
      ? `A service account named “${taken.name}” already exists`
      : `“${taken.name}” was deleted recently; its name stays reserved until the undelete window ends`
  }

  function checkRoleAssignments(role: Role, a: Assignments) {
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

  function checkTargets(orgId: number, a: Assignments) {
    for (const id of a.workspaceIds) {
      const w = repos.workspaces.get(id)
      if (!w || w.organization_id !== orgId) throw invalid(`Workspace ${id} not found`, 'assignments')
    }
    for (const id of a.projectIds) {
      const p = repos.projects.get(id)
      if (!p || p.organization_id !== orgId) throw invalid(`Project ${id} not found`, 'assignments')
    }
  }

  function checkQuota(orgId: number) {
    const org = repos.organizations.get(orgId)!
    const used = repos.serviceAccounts.countLive(orgId)
    if (used >= org.service_account_quota) {
      throw new EngineError(
        'QUOTA_EXCEEDED',
        `${used} of ${org.service_account_quota} included service account${org.service_account_quota === 1 ? '' : 's'} used. ` +
          'Use “Request additional service accounts” to ask the Owner for more, or delete one you no longer need.',
        { used, quota: org.service_account_quota },
      )
    }
  }

  function replaceAssignments(userId: number, a: Assignments) {
    const now = deps.now()
    repos.workspaceMembers.removeAllFor(userId)
    repos.projectMembers.removeAllFor(userId)
    for (const id of new Set(a.workspaceIds)) repos.workspaceMembers.add(id, userId, now)
    for (const id of new Set(a.projectIds)) repos.projectMembers.add(id, userId, now)
  }

  const assignmentsOf = (userId: number): Assignments => ({
    workspaceIds: repos.workspaceMembers.ofUser(userId),
    projectIds: repos.projectMembers.ofUser(userId),
  })

  function slug(name: string): string {
    const s = name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
    return (s || 'account').slice(0, 40)
  }

  const create = deps.db.transaction((actor: Actor, input: NewServiceAccount): IssuedToken => {
    const orgId = actor.organizationId
    const name = input.name.trim()
    const problem = nameProblem(orgId, name)
    if (problem) {
      throw problem.startsWith('A service account') || problem.includes('reserved')
        ? conflict(problem, 'name')
        : invalid(problem, 'name')
    }
    if (input.role === 'DI') throw invalid('Create the account with a working role; deactivate it later', 'role')
    const a = { workspaceIds: input.workspaceIds ?? [], projectIds: input.projectIds ?? [] }
    checkRoleAssignments(input.role, a)
    checkTargets(orgId, a)
    checkQuota(orgId)
    const now = deps.now()
    const suffix = Buffer.from(deps.randomBytes(4)).toString('hex')
    const handle = `${slug(name)}-${suffix}`
    const userId = repos.users.insert({
      username: `sa-${handle}`,
      email: `${handle}@service-accounts.tessera.local`,
      first_name: name,
      last_name: '',
      kind: 'service',
      created_at: now,
    })
    repos.memberships.insert({
      organization_id: orgId,
      user_id: userId,
      role: input.role,
      user_type: 'service',
      created_at: now,
    })
    repos.serviceAccounts.insert({
      user_id: userId,
      organization_id: orgId,
      name,
      description: input.description ?? '',
      created_by: actor.userId,
      created_at: now,
    })
    replaceAssignments(userId, a)
    const { token, id: tokenId } = tokens.issue(userId, orgId)
    activity.admin(actor, {
      action: 'service_account.create',
      targetUserId: userId,
      details: { name, role: input.role, ...a, tokenId },
    })
    return { account: view(userId), token }
  })

  const changeRole = deps.db.transaction(
    (actor: Actor, userId: number, role: Role, next?: Partial<Assignments>): ServiceAccount => {
      const row = live(actor.organizationId, userId)
      const member = repos.memberships.get(actor.organizationId, userId)!
      const current = assignmentsOf(userId)
      const a = {
        workspaceIds: next?.workspaceIds ?? (role === 'AD' ? [] : current.workspaceIds),
        projectIds: next?.projectIds ?? (role === 'AD' ? [] : current.projectIds),
      }
      if (role !== 'DI') checkRoleAssignments(role, a)
      else if (role === 'DI' && member.role === 'DI') return view(userId)
      checkTargets(actor.organizationId, a)
      repos.memberships.setRole(actor.organizationId, userId, role, deps.now())
      replaceAssignments(userId, a)
      activity.admin(actor, {
        action: role === 'DI' ? 'service_account.deactivate' : member.role === 'DI' ? 'service_account.reactivate' : 'service_account.role',
        targetUserId: userId,
        details: { name: row.name, from: member.role, to: role, ...a },
      })
      return view(userId)
    },
  )

  const setAssignments = deps.db.transaction((actor: Actor, userId: number, a: Assignments): ServiceAccount => {
    const row = live(actor.organizationId, userId)
    const role = repos.memberships.get(actor.organizationId, userId)!.role
    if (role !== 'DI') checkRoleAssignments(role, a)
    checkTargets(actor.organizationId, a)
    const before = assignmentsOf(userId)
    replaceAssignments(userId, a)
    activity.admin(actor, {
      action: 'service_account.assignments',
      targetUserId: userId,
      details: { name: row.name, before, after: assignmentsOf(userId) },
    })
    return view(userId)
  })

  const resetToken = deps.db.transaction((actor: Actor, userId: number): IssuedToken => {
    const row = live(actor.organizationId, userId)
    const revoked = tokens.revokeAll(userId, 'reset')
    const { token, id } = tokens.issue(userId, actor.organizationId)
    activity.admin(actor, {
      action: 'service_account.reset_token',
      targetUserId: userId,
      details: { name: row.name, revoked, tokenId: id },
    })
    return { account: view(userId), token }
  })

  const remove = deps.db.transaction((actor: Actor, userId: number, confirmName: string): ServiceAccount => {
    const row = live(actor.organizationId, userId)
    if (confirmName !== row.name) {
      throw invalid(`Type “${row.name}” exactly to confirm`, 'confirmName')
    }
    const now = deps.now()
    const revoked = tokens.revokeAll(userId, 'deleted')
    repos.serviceAccounts.setDeleted(userId, now, actor.userId)
    repos.memberships.setDeleted(actor.organizationId, userId, now, now)
    activity.admin(actor, {
      action: 'service_account.delete',
      targetUserId: userId,
      details: { name: row.name, revoked },
    })
    return view(userId)
  })

  const undelete = deps.db.transaction((actor: Actor, userId: number): IssuedToken => {
    const row = own(actor.organizationId, userId)
    if (row.deleted_at === null) throw conflict(`“${row.name}” is not deleted`)
    checkQuota(actor.organizationId)
    const now = deps.now()
    repos.serviceAccounts.setDeleted(userId, null, null)
    repos.memberships.setDeleted(actor.organizationId, userId, null, now)
    const { token, id } = tokens.issue(userId, actor.organizationId)
    activity.admin(actor, {
      action: 'service_account.undelete',
      targetUserId: userId,
      details: { name: row.name, tokenId: id },
    })
    return { account: view(userId), token }
  })

  function list(orgId: number, includeDeleted = false): ServiceAccount[] {
    const now = deps.now()
    return repos.serviceAccounts
      .list(orgId)
      .filter((r) =>
        r.deleted_at === null ? true : includeDeleted && now <= r.deleted_at + UNDELETE_WINDOW_MS,
      )
      .map((r) => serviceAccountView(repos, r))
  }

  return {
    list,
    get: (orgId: number, userId: number) => serviceAccountView(repos, own(orgId, userId)),
    checkName: (orgId: number, name: string) => {
      const message = nameProblem(orgId, name)
      return { available: message === null, message }
    },
    create,
    changeRole,
    setAssignments,
    resetToken,
    remove,
    undelete,
  }
}
export type ServiceAccountsService = ReturnType<typeof serviceAccountsService>
