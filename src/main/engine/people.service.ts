import type { Member } from '../../shared/contracts/members.contract'
import type { Role } from '../../shared/roles'
import type { Repos } from '../db/repos'
import type { ActivityRecorder } from './activity/recorder'
import { writeTransaction, type Actor, type EngineDeps } from './deps'
import { EngineError, conflict, forbidden, invalid, notFound } from './errors'
import { toMember } from './mappers'

export interface MemberFilter {
  search?: string
  role?: Role
  kind?: 'human' | 'service'
  includeDeleted?: boolean
}

export interface NewPerson {
  email: string
  firstName?: string
  lastName?: string
  role: Exclude<Role, 'OW'>
}

export function peopleService(deps: EngineDeps, repos: Repos, activity: ActivityRecorder) {
  function list(orgId: number, filter: MemberFilter = {}): Member[] {
    const needle = filter.search?.trim().toLowerCase()
    return repos.memberships
      .list(orgId)
      .filter((m) => filter.includeDeleted || m.deleted_at === null)
      .map(toMember)
      .filter(
        (m) =>
          (!filter.role || m.role === filter.role) &&
          (!filter.kind || m.kind === filter.kind) &&
          (!needle ||
            m.email.toLowerCase().includes(needle) ||
            m.displayName.toLowerCase().includes(needle) ||
            m.username.toLowerCase().includes(needle)),
      )
  }

  function get(orgId: number, userId: number): Member {
    const found = repos.memberships.list(orgId).find((m) => m.user_id === userId)
    if (!found) throw notFound('Member', userId)
    return toMember(found)
  }

  function person(orgId: number, userId: number) {
    const m = repos.memberships.get(orgId, userId)
    const u = repos.users.get(userId)
    if (!m || !u || m.deleted_at !== null) throw notFound('Member', userId)
    if (u.kind === 'service') {
      throw invalid('This is a service account; manage it on the Service Accounts page', 'userId')
    }
    return { m, u }
  }

  function checkSeat(orgId: number) {
    const org = repos.organizations.get(orgId)!
    const used = repos.memberships.seatsUsed(orgId)
    if (used >= org.seat_limit) {
      throw new EngineError(
        'QUOTA_EXCEEDED',
        `All ${org.seat_limit} seats are in use. Raise the seat limit in Settings or deactivate someone first.`,
        { field: 'role', seatsUsed: used, seatLimit: org.seat_limit },
      )
    }
  }

  const addPerson = writeTransaction(deps.db, (actor: Actor, p: NewPerson): Member => {
    const orgId = actor.organizationId
    if (repos.users.byEmail(p.email)) throw conflict(`${p.email} is already a member`, 'email')
    if (p.role !== 'DI' && p.role !== 'NO') checkSeat(orgId)
    const now = deps.now()
    const base = p.email.split('@')[0]!.slice(0, 40) || 'user'
    let username = base
    for (let i = 2; repos.users.byUsername(username); i++) username = `${base}${i}`
    const userId = repos.users.insert({
      username,
      email: p.email,
      first_name: p.firstName ?? '',
      last_name: p.lastName ?? '',
      kind: 'human',
      created_at: now,
    })
    repos.memberships.insert({
      organization_id: orgId,
      user_id: userId,
      role: p.role,
      user_type: 'standard',
      created_at: now,
    })
    activity.admin(actor, { action: 'member.add', targetUserId: userId, details: { role: p.role } })
    return get(orgId, userId)
  })

  const changeRole = writeTransaction(
    deps.db,
    (actor: Actor, userId: number, role: Role): Member => {
      const orgId = actor.organizationId
      const { m } = person(orgId, userId)
      if (role === 'OW') throw invalid('Ownership is transferred, not granted', 'role')
      if (m.role === 'OW') throw forbidden('The Owner’s role cannot be changed')
      if (userId === actor.userId) throw forbidden('You cannot change your own role')
      if (m.role === role) return get(orgId, userId)
      const freesSeat = role === 'DI'
      if ((m.role === 'DI' || m.role === 'NO') && !freesSeat && role !== 'NO') checkSeat(orgId)
      repos.memberships.setRole(orgId, userId, role, deps.now())
      activity.admin(actor, {
        action:
          role === 'DI'
            ? 'member.deactivate'
            : m.role === 'DI'
              ? 'member.reactivate'
              : 'member.role',
        targetUserId: userId,
        details: { from: m.role, to: role },
      })
      return get(orgId, userId)
    },
  )

  return {
    list,
    get,
    addPerson,
    changeRole,
    deactivate: (actor: Actor, userId: number) => changeRole(actor, userId, 'DI'),
    reactivate: (actor: Actor, userId: number, role: Role = 'AN') => {
      const { m } = person(actor.organizationId, userId)
      if (m.role !== 'DI') throw conflict('This member is not deactivated')
      return changeRole(actor, userId, role)
    },
  }
}
export type PeopleService = ReturnType<typeof peopleService>
