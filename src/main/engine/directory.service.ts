import type { Role } from '../../shared/roles'
import type { Repos } from '../db/repos'
import type { MemberRow, MembershipRow } from '../db/repos/memberships.repo'
import type { OrganizationRow } from '../db/repos/organizations.repo'
import type { UserRow } from '../db/repos/users.repo'
import type { AccessPolicy } from './access/policy'
import type { Actor } from './deps'
import type { PeopleService } from './people.service'
import type { ServiceAccountsService } from './service-accounts.service'

/** A user as a member of one organization (the API's user bodies). */
export interface UserDetail {
  user: UserRow
  organizationId: number
  membership: MembershipRow | undefined
}

export interface MembershipDetail {
  membership: MemberRow
  user: UserDetail
}

export const userDetailOf = (repos: Repos, orgId: number, user: UserRow): UserDetail => ({
  user,
  organizationId: orgId,
  membership: repos.memberships.get(orgId, user.id),
})

/**
 * Who is in the organization, as the REST API shows it: anyone reads itself; Managers and
 * Administrators read everyone; Administrators change roles (a service account's through its
 * own rules, a person's through theirs).
 */
export function directoryService(
  repos: Repos,
  access: AccessPolicy,
  people: PeopleService,
  serviceAccounts: ServiceAccountsService,
) {
  const detailOf = (orgId: number, user: UserRow) => userDetailOf(repos, orgId, user)
  const membershipOf = (m: MemberRow): MembershipDetail => ({
    membership: m,
    user: detailOf(m.organization_id, repos.users.get(m.user_id)!),
  })

  return {
    /** The caller, with its organization (whoami). */
    me(c: Actor): UserDetail & { organization: OrganizationRow } {
      access.roleOf(c)
      return {
        ...detailOf(c.organizationId, repos.users.get(c.userId)!),
        organization: repos.organizations.get(c.organizationId)!,
      }
    },
    /** A live member: the caller itself, or anyone for a Manager or Administrator. */
    user(c: Actor, userId: number): UserDetail {
      access.member(c, userId)
      if (userId !== c.userId) access.requireManager(c)
      return detailOf(c.organizationId, repos.users.get(userId)!)
    },
    /** Every live member (Managers and Administrators). */
    users(c: Actor): UserDetail[] {
      access.requireManager(c)
      return repos.memberships
        .list(c.organizationId)
        .filter((m) => m.deleted_at === null)
        .map((m) => detailOf(c.organizationId, repos.users.get(m.user_id)!))
    },
    /** Members of the caller's organization (Managers and Administrators), for filtering. */
    memberships(c: Actor, orgId: number): MemberRow[] {
      access.ownOrg(c, orgId)
      access.requireManager(c)
      return repos.memberships.list(c.organizationId)
    },
    membershipDetails: (rows: readonly MemberRow[]) => rows.map(membershipOf),
    /** Changes a member's role (Administrators); returns the membership as it now is. */
    changeRole(c: Actor, orgId: number, userId: number, role: Role): MembershipDetail {
      access.ownOrg(c, orgId)
      access.requireAdmin(c)
      const member = access.member(c, userId)
      if (member.user_type === 'service') serviceAccounts.changeRole(c, userId, role)
      else people.changeRole(c, userId, role)
      return membershipOf(
        repos.memberships.list(c.organizationId).find((m) => m.user_id === userId)!,
      )
    },
    /** The caller's organization; any other id is invisible. */
    organization(c: Actor, orgId: number = c.organizationId): OrganizationRow {
      access.roleOf(c)
      access.ownOrg(c, orgId)
      return repos.organizations.get(c.organizationId)!
    },
  }
}
export type DirectoryService = ReturnType<typeof directoryService>
