import { confusable, telltale } from '../../shared/confusables'
import type { IssuedToken, ServiceAccount } from '../../shared/contracts/service-accounts.contract'
import { GRACE_MS, type RotationGrace } from '../../shared/rotation'
import { ASSIGNED_ROLES, type Role } from '../../shared/roles'
import { ServiceAccountName, serviceAccountNameKey } from '../../shared/schemas'
import type { Repos } from '../db/repos'
import type { ActivityRecorder } from './activity/recorder'
import { writeTransaction, type Actor, type EngineDeps } from './deps'
import { EngineError, conflict, invalid, notFound } from './errors'
import {
  NO_ASSIGNMENTS,
  checkRoleAssignments,
  checkTargets,
  checkVersion,
  sameAssignments,
  slug,
  type Assignments,
} from './service-accounts.rules'
import { UNDELETE_WINDOW_MS, networksOf, serviceAccountView } from './service-accounts.view'
import { parseAllowlist } from './access/networks'
import type { TokensService } from './tokens.service'

export interface NewServiceAccount {
  name: string
  description?: string
  role: Role
  workspaceIds?: number[]
  projectIds?: number[]
  /** When its token expires (see TokensService.issue); undefined: the organization's default. */
  expiresAt?: number | null
}

export function serviceAccountsService(
  deps: EngineDeps,
  repos: Repos,
  activity: ActivityRecorder,
  tokens: TokensService,
) {
  const view = (userId: number) =>
    serviceAccountView(repos, repos.serviceAccounts.get(userId)!, deps.now())

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

  /** Why a name cannot be used (malformed: VALIDATION, taken: CONFLICT), or null when free. */
  function nameProblem(orgId: number, name: string): EngineError | null {
    const parsed = ServiceAccountName.safeParse(name)
    if (!parsed.success) return invalid(parsed.error.issues[0]!.message, 'name')
    const now = deps.now()
    const reserved = (a: { deleted_at: number | null }) =>
      a.deleted_at === null || now <= a.deleted_at + UNDELETE_WINDOW_MS
    const taken = repos.serviceAccounts.byNameKey(orgId, serviceAccountNameKey(name)).find(reserved)
    if (taken) return nameTaken(taken)
    // Names show alike in the UI, the CLI and the credential report: one that can be mistaken
    // for another (TR39 skeletons: Cyrillic а for Latin a, rn for m) is refused like a duplicate.
    const twin = repos.serviceAccounts
      .list(orgId)
      .find((a) => reserved(a) && confusable(name, a.name, serviceAccountNameKey))
    return twin ? nameTaken(twin, name) : null
  }

  /** The conflict for a name that is `row`'s (or, given `alike`, can be mistaken for it). */
  function nameTaken(row: { name: string; deleted_at: number | null }, alike?: string) {
    const them = `“${row.name}”`
    if (row.deleted_at === null) {
      return alike === undefined
        ? conflict(`A service account named ${them} already exists`, 'name')
        : conflict(
            `“${alike}” looks like the existing service account ${them}${telltale(alike, row.name)}; choose a name that cannot be mistaken for it`,
            'name',
          )
    }
    const until = new Date(row.deleted_at + UNDELETE_WINDOW_MS).toISOString().slice(0, 10)
    const who =
      alike === undefined
        ? them
        : `“${alike}” looks like ${them}${telltale(alike, row.name)}, which`
    return conflict(
      `${who} was deleted recently and can still be undeleted; its name stays reserved until ${until}`,
      'name',
    )
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

  /** A username nobody has: the random suffix makes a clash unlikely, not impossible. */
  function freeHandle(name: string): string {
    for (;;) {
      const handle = `${slug(name)}-${Buffer.from(deps.randomBytes(4)).toString('hex')}`
      if (!repos.users.byUsername(`sa-${handle}`)) return handle
    }
  }

  const create = writeTransaction(
    deps.db,
    (actor: Actor, input: NewServiceAccount): IssuedToken => {
      const orgId = actor.organizationId
      // Stored composed (NFC) so the name shows and compares the same whatever keyboard typed it.
      const name = input.name.trim().normalize('NFC')
      const problem = nameProblem(orgId, name)
      if (problem) throw problem
      if (input.role === 'DI')
        throw invalid('Create the account with a working role; deactivate it later', 'role')
      const a = { workspaceIds: input.workspaceIds ?? [], projectIds: input.projectIds ?? [] }
      checkRoleAssignments(input.role, a)
      checkTargets(repos, orgId, a)
      checkQuota(orgId)
      const now = deps.now()
      const handle = freeHandle(name)
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
        name_key: serviceAccountNameKey(name),
        description: input.description ?? '',
        created_by: actor.userId,
        created_at: now,
      })
      replaceAssignments(userId, a)
      const { token, id: tokenId } = tokens.issue(userId, orgId, 'api_key', input.expiresAt)
      activity.admin(actor, {
        action: 'service_account.create',
        targetUserId: userId,
        details: { name, role: input.role, ...a, tokenId },
      })
      return { account: view(userId), token }
    },
  )

  const changeRole = writeTransaction(
    deps.db,
    (
      actor: Actor,
      userId: number,
      role: Role,
      next?: Partial<Assignments>,
      expectedVersion?: number,
    ): ServiceAccount => {
      const row = live(actor.organizationId, userId)
      checkVersion(repos, row, expectedVersion)
      const member = repos.memberships.get(actor.organizationId, userId)!
      const current = assignmentsOf(userId)
      const a = {
        workspaceIds: next?.workspaceIds ?? (role === 'AD' ? [] : current.workspaceIds),
        projectIds: next?.projectIds ?? (role === 'AD' ? [] : current.projectIds),
      }
      if (role !== 'DI') checkRoleAssignments(role, a)
      // Nothing changes: no write and no activity entry for a form saved as it was.
      if (role === member.role && sameAssignments(current, a)) return view(userId)
      checkTargets(repos, actor.organizationId, a)
      repos.memberships.setRole(actor.organizationId, userId, role, deps.now())
      replaceAssignments(userId, a)
      activity.admin(actor, {
        action:
          role === member.role
            ? 'service_account.assignments'
            : role === 'DI'
              ? 'service_account.deactivate'
              : member.role === 'DI'
                ? 'service_account.reactivate'
                : 'service_account.role',
        targetUserId: userId,
        details: { name: row.name, from: member.role, to: role, ...a },
      })
      return view(userId)
    },
  )

  const setAssignments = writeTransaction(
    deps.db,
    (actor: Actor, userId: number, a: Assignments, expectedVersion?: number): ServiceAccount => {
      const row = live(actor.organizationId, userId)
      checkVersion(repos, row, expectedVersion)
      const role = repos.memberships.get(actor.organizationId, userId)!.role
      if (role !== 'DI') checkRoleAssignments(role, a)
      checkTargets(repos, actor.organizationId, a)
      const before = assignmentsOf(userId)
      if (sameAssignments(before, a)) return view(userId)
      replaceAssignments(userId, a)
      activity.admin(actor, {
        action: 'service_account.assignments',
        targetUserId: userId,
        details: { name: row.name, before, after: assignmentsOf(userId) },
      })
      return view(userId)
    },
  )

  const resetToken = writeTransaction(
    deps.db,
    (
      actor: Actor,
      userId: number,
      grace: RotationGrace = 'none',
      expiresAt?: number | null,
    ): IssuedToken => {
      const row = live(actor.organizationId, userId)
      const rotated = tokens.rotate(
        userId,
        actor.organizationId,
        GRACE_MS[grace],
        'reset',
        expiresAt,
      )
      const previous = rotated.previous
      activity.admin(actor, {
        action: 'service_account.reset_token',
        targetUserId: userId,
        details: {
          name: row.name,
          revoked: rotated.revoked,
          tokenId: rotated.id,
          ...(previous
            ? { grace, previousTokenId: previous.id, previousValidUntil: previous.validUntil }
            : {}),
        },
      })
      return { account: view(userId), token: rotated.token }
    },
  )

  /** "End now": the previous token of a reset with a grace period stops working at once. */
  const endGrace = writeTransaction(deps.db, (actor: Actor, userId: number): ServiceAccount => {
    const row = own(actor.organizationId, userId)
    const previous = repos.apiTokens.inGrace(userId, deps.now())
    if (previous.length === 0) {
      throw conflict(`“${row.name}” has no previous token still valid`)
    }
    tokens.endGrace(userId)
    activity.admin(actor, {
      action: 'service_account.end_grace',
      targetUserId: userId,
      details: { name: row.name, tokenIds: previous.map((t) => t.id) },
    })
    return view(userId)
  })

  /**
   * Sets the addresses and CIDR ranges the account's tokens are accepted from (empty: any).
   * Verification reads the list with the token, so the next request is held to it.
   */
  const setNetworks = writeTransaction(
    deps.db,
    (actor: Actor, userId: number, entries: readonly string[]): ServiceAccount => {
      const row = live(actor.organizationId, userId)
      const after = parseAllowlist(entries)
      const before = networksOf(row)
      if (JSON.stringify(before) === JSON.stringify(after)) return view(userId)
      repos.serviceAccounts.setNetworks(userId, after.length ? JSON.stringify(after) : null)
      activity.admin(actor, {
        action: 'service_account.networks',
        targetUserId: userId,
        details: { name: row.name, before, after },
      })
      return view(userId)
    },
  )

  const remove = writeTransaction(
    deps.db,
    (
      actor: Actor,
      userId: number,
      confirmName: string,
      expectedVersion?: number,
    ): ServiceAccount => {
      const row = live(actor.organizationId, userId)
      checkVersion(repos, row, expectedVersion)
      if (confirmName.trim().normalize('NFC') !== row.name) {
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
    },
  )

  const undelete = writeTransaction(deps.db, (actor: Actor, userId: number): IssuedToken => {
    const row = own(actor.organizationId, userId)
    if (row.deleted_at === null) throw conflict(`“${row.name}” is not deleted`)
    checkQuota(actor.organizationId)
    const now = deps.now()
    repos.serviceAccounts.setDeleted(userId, null, null)
    repos.memberships.setDeleted(actor.organizationId, userId, null, now)
    // Its workspaces and projects may have been deleted while it was: an Annotator, Reviewer or
    // Manager with none left comes back Deactivated, to be given a role and assignments again.
    const role = repos.memberships.get(actor.organizationId, userId)!.role
    const orphaned =
      ASSIGNED_ROLES.includes(role) && sameAssignments(assignmentsOf(userId), NO_ASSIGNMENTS)
    if (orphaned) repos.memberships.setRole(actor.organizationId, userId, 'DI', now)
    const { token, id } = tokens.issue(userId, actor.organizationId)
    activity.admin(actor, {
      action: 'service_account.undelete',
      targetUserId: userId,
      details: { name: row.name, tokenId: id, ...(orphaned ? { from: role, to: 'DI' } : {}) },
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
      .map((r) => serviceAccountView(repos, r, now))
  }

  return {
    list,
    get: (orgId: number, userId: number) =>
      serviceAccountView(repos, own(orgId, userId), deps.now()),
    checkName: (orgId: number, name: string) => {
      const problem = nameProblem(orgId, name.trim().normalize('NFC'))
      return { available: problem === null, message: problem?.message ?? null }
    },
    create,
    changeRole,
    setAssignments,
    resetToken,
    endGrace,
    setNetworks,
    remove,
    undelete,
  }
}
export type ServiceAccountsService = ReturnType<typeof serviceAccountsService>
