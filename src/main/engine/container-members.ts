import type { Member } from '../../shared/contracts/members.contract'
import type { AssignmentsRepo } from '../db/repos/assignments.repo'
import type { Repos } from '../db/repos'
import type { ActivityRecorder } from './activity/recorder'
import { assertKeepsAssignment, assertMayBeAssigned } from './assignment-guard'
import { writeTransaction, type Actor, type EngineDeps } from './deps'
import { invalid, notFound } from './errors'
import { userDetailOf, type UserDetail } from './directory.service'
import { toMember } from './mappers'

export interface ContainerKind {
  /** 'workspace' or 'project': names the activity actions (`workspace.member.add`). */
  noun: 'workspace' | 'project'
  table: AssignmentsRepo
  /** The access policy's check: NOT_FOUND when the caller cannot see it, FORBIDDEN if `action` is not its to do. */
  check: (c: Actor, id: number, action: 'read' | 'members') => unknown
}

/**
 * Membership of a workspace or a project: listing, adding and removing people and service
 * accounts, with the same rules and records for both kinds.
 */
export function containerMembers(
  deps: EngineDeps,
  repos: Repos,
  activity: ActivityRecorder,
  kind: ContainerKind,
) {
  const where = (id: number) =>
    kind.noun === 'workspace' ? { workspaceId: id } : { projectId: id }

  function members(c: Actor, id: number): Member[] {
    kind.check(c, id, 'read')
    return membersOf(c.organizationId, id)
  }

  /** The members as users, for the API's bodies (the caller needs read access). */
  function memberUsers(c: Actor, id: number): UserDetail[] {
    return members(c, id).map((m) =>
      userDetailOf(repos, c.organizationId, repos.users.get(m.userId)!),
    )
  }

  function membersOf(orgId: number, id: number): Member[] {
    const ids = new Set(kind.table.usersOf(id))
    return repos.memberships
      .list(orgId)
      .filter((m) => ids.has(m.user_id) && m.deleted_at === null)
      .map(toMember)
  }

  function memberOf(orgId: number, userId: number) {
    const m = repos.memberships.get(orgId, userId)
    if (!m || m.deleted_at !== null) throw notFound('Member', userId)
    return m
  }

  const addMember = writeTransaction(
    deps.db,
    (actor: Actor, id: number, userId: number): Member[] => {
      kind.check(actor, id, 'members')
      if (memberOf(actor.organizationId, userId).role === 'DI') {
        throw invalid('Deactivated members cannot be added', 'userId')
      }
      assertMayBeAssigned(repos, actor.organizationId, userId)
      // Adding someone already there changes nothing and records nothing.
      if (kind.table.add(id, userId, deps.now())) {
        activity.admin(actor, {
          action: `${kind.noun}.member.add`,
          targetUserId: userId,
          ...where(id),
        })
      }
      return membersOf(actor.organizationId, id)
    },
  )

  const removeMember = writeTransaction(
    deps.db,
    (actor: Actor, id: number, userId: number): Member[] => {
      kind.check(actor, id, 'members')
      memberOf(actor.organizationId, userId)
      assertKeepsAssignment(repos, actor.organizationId, userId, where(id))
      if (kind.table.remove(id, userId)) {
        activity.admin(actor, {
          action: `${kind.noun}.member.remove`,
          targetUserId: userId,
          ...where(id),
        })
      }
      return membersOf(actor.organizationId, id)
    },
  )

  return { members, memberUsers, addMember, removeMember }
}
