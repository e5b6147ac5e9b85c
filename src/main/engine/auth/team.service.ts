import { createHash } from 'node:crypto'
import type {
  AdminSession,
  IssuedInvitation,
  SignInState,
  TeamMember,
} from '../../../shared/contracts/team.contract'
import type { Repos } from '../../db/repos'
import { adminSessionsRepo, type AdminSessionView } from '../../db/repos/admin-sessions.repo'
import { invitationsRepo, type InvitationsRepo } from '../../db/repos/invitations.repo'
import type { MemberRow } from '../../db/repos/memberships.repo'
import type { ActivityRecorder } from '../activity/recorder'
import { writeTransaction, type Actor, type EngineDeps } from '../deps'
import { conflict, forbidden, invalid, notFound } from '../errors'
import { displayName } from '../mappers'
import type { PeopleService } from '../people.service'
import type { TotpService } from './totp.service'
import { describeUserAgent } from './user-agent'

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 48 * 60 * 60_000

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest()
const isAdmin = (m: MemberRow) =>
  m.kind === 'human' && m.deleted_at === null && (m.role === 'OW' || m.role === 'AD')

export interface NewAdministrator {
  email: string
  firstName?: string
  lastName?: string
}

/**
 * The people who sign in to the shared host: invitations (a one-time link with which a person
 * sets their password), resetting someone's sign-in, and their sessions. Decisions about other
 * people's sign-in are the Owner's (engine.ts wraps them); every change is recorded with who
 * made it.
 */
export function teamService(
  deps: EngineDeps,
  repos: Repos,
  activity: ActivityRecorder,
  people: PeopleService,
  totp: TotpService,
) {
  // Prepared on first use: an engine may be built over an older file before it is migrated.
  let invitationsOnce: InvitationsRepo | undefined
  const invitations = () => (invitationsOnce ??= invitationsRepo(deps.db))
  const sessions = adminSessionsRepo(deps.db)

  function toTeamMember(m: MemberRow, live: AdminSessionView[], now: number): TeamMember {
    const open = invitations().open(m.user_id)
    const mine = live.filter((s) => s.user_id === m.user_id)
    const signIn: SignInState = open
      ? open.expires_at > now
        ? 'invited'
        : 'invitation_expired'
      : m.password_hash !== null
        ? 'active'
        : 'not_invited'
    return {
      userId: m.user_id,
      email: m.email,
      displayName: displayName(m),
      role: m.role as 'OW' | 'AD',
      signIn,
      invitationExpiresAt: open?.expires_at ?? null,
      liveSessions: mine.length,
      totp: totp.enabledFor(m.user_id),
      lastSeenAt: mine.reduce<number | null>((t, s) => Math.max(t ?? 0, s.last_seen_at), null),
    }
  }

  function list(orgId: number): TeamMember[] {
    const now = deps.now()
    const live = sessions.liveOfOrg(orgId, now)
    return repos.memberships
      .list(orgId)
      .filter(isAdmin)
      .map((m) => toTeamMember(m, live, now))
  }

  function get(orgId: number, userId: number): TeamMember {
    const m = repos.memberships.list(orgId).find((r) => r.user_id === userId)
    if (!m || !isAdmin(m)) throw notFound('Administrator', userId)
    const now = deps.now()
    return toTeamMember(m, sessions.liveOfOrg(orgId, now), now)
  }

  function person(orgId: number, userId: number) {
    const m = repos.memberships.get(orgId, userId)
    const u = repos.users.get(userId)
    if (!m || !u || m.deleted_at !== null) throw notFound('Member', userId)
    if (u.kind === 'service') {
      throw invalid('Service accounts cannot sign in; they use API tokens', 'userId')
    }
    return { m, u }
  }

  const issueInvitation = writeTransaction(
    deps.db,
    (actor: Actor, userId: number): IssuedInvitation => {
      const orgId = actor.organizationId
      const { m, u } = person(orgId, userId)
      if (m.role === 'OW') {
        throw forbidden(
          'The Owner signs in with the password chosen at setup; it is not reset here',
        )
      }
      // Promoting first applies the role rules (seats, own role) and records the role change.
      if (m.role !== 'AD') people.changeRole(actor, userId, 'AD')
      const now = deps.now()
      const reset = u.password_hash !== null
      const revoked = invitations().revokeOpen(userId, now)
      if (reset) repos.users.setPassword(userId, null)
      // A new start: whoever accepts the link sets up their own authenticator app.
      totp.forget(userId)
      const ended = sessions.endAllFor(userId, now)
      const token = Buffer.from(deps.randomBytes(32)).toString('base64url')
      const expiresAt = now + INVITATION_TTL_MS
      invitations().insert({
        organization_id: orgId,
        user_id: userId,
        token_hash: sha256(token),
        created_by: actor.userId,
        created_at: now,
        expires_at: expiresAt,
      })
      activity.admin(actor, {
        action: reset ? 'admin.sign_in_reset' : 'admin.invite',
        targetUserId: userId,
        details: { expiresAt, revokedInvitations: revoked, endedSessions: ended },
      })
      return { member: get(orgId, userId), token, expiresAt }
    },
  )

  const invite = writeTransaction(deps.db, (actor: Actor, p: NewAdministrator) => {
    const member = people.addPerson(actor, { ...p, role: 'AD' })
    return issueInvitation(actor, member.userId)
  })

  const revokeInvitation = writeTransaction(deps.db, (actor: Actor, userId: number) => {
    person(actor.organizationId, userId)
    const revoked = invitations().revokeOpen(userId, deps.now())
    if (revoked === 0) throw conflict('This person has no open invitation')
    activity.admin(actor, { action: 'admin.invitation_revoke', targetUserId: userId })
    return get(actor.organizationId, userId)
  })

  const endSessions = writeTransaction(deps.db, (actor: Actor, userId: number) => {
    person(actor.organizationId, userId)
    const ended = sessions.endAllFor(userId, deps.now())
    activity.admin(actor, {
      action: 'admin.sessions_end',
      targetUserId: userId,
      details: { ended },
    })
    return { ended }
  })

  function toSession(s: AdminSessionView, currentId: number | undefined): AdminSession {
    return {
      id: s.id,
      userId: s.user_id,
      userName: displayName(s),
      email: s.email,
      device: describeUserAgent(s.user_agent),
      userAgent: s.user_agent,
      ip: s.ip,
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      current: s.id === currentId,
    }
  }

  /** Live sessions: everyone's when `everyone`, else only the actor's own. */
  function listSessions(actor: Actor, everyone: boolean, currentId?: number): AdminSession[] {
    return sessions
      .liveOfOrg(actor.organizationId, deps.now())
      .filter((s) => everyone || s.user_id === actor.userId)
      .map((s) => toSession(s, currentId))
  }

  /** The session, if it is live in the actor's organization (others' only when `everyone`). */
  function sessionFor(actor: Actor, sessionId: number, everyone: boolean) {
    const s = sessions.byId(sessionId)
    const now = deps.now()
    const live =
      s &&
      s.organization_id === actor.organizationId &&
      s.ended_at === null &&
      s.expires_at > now &&
      s.idle_expires_at > now
    if (!live || (!everyone && s.user_id !== actor.userId)) throw notFound('Session', sessionId)
    return s
  }

  const endSession = writeTransaction(
    deps.db,
    (actor: Actor, sessionId: number, everyone: boolean) => {
      const s = sessionFor(actor, sessionId, everyone)
      sessions.end(s.id, deps.now())
      activity.admin(actor, {
        action: 'auth.session_end',
        targetUserId: s.user_id,
        details: { sessionId: s.id, device: describeUserAgent(s.user_agent), ip: s.ip },
      })
      return { ended: 1 }
    },
  )

  const endOtherSessions = writeTransaction(deps.db, (actor: Actor, currentId?: number) => {
    const ended = sessions.endOthersOf(actor.userId, currentId ?? 0, deps.now())
    activity.admin(actor, {
      action: 'auth.sessions_end_others',
      targetUserId: actor.userId,
      details: { ended },
    })
    return { ended }
  })

  return {
    list,
    invite,
    issueInvitation,
    revokeInvitation,
    endSessions,
    listSessions,
    endSession,
    endOtherSessions,
  }
}
export type TeamService = ReturnType<typeof teamService>
