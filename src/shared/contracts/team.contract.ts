import { z } from 'zod'
import { Email, Id, Timestamp } from '../schemas'
import { contract } from './contract'

/** How a person who may administer the organization stands with signing in to the shared host. */
export const SIGN_IN_STATES = ['active', 'invited', 'invitation_expired', 'not_invited'] as const
export type SignInState = (typeof SIGN_IN_STATES)[number]

/** An Owner or Administrator (a person; service accounts never sign in). */
export const TeamMember = z.object({
  userId: Id,
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['OW', 'AD']),
  signIn: z.enum(SIGN_IN_STATES),
  /** The open invitation's deadline (also when it has passed); null without one. */
  invitationExpiresAt: Timestamp.nullable(),
  liveSessions: z.number().int().nonnegative(),
  lastSeenAt: Timestamp.nullable(),
  /** Two-step sign-in (an authenticator app) is on. */
  totp: z.boolean(),
})
export type TeamMember = z.infer<typeof TeamMember>

/** The one response that carries an invitation's secret: shown once, only its hash is kept. */
export const IssuedInvitation = z.object({
  member: TeamMember,
  token: z.string(),
  expiresAt: Timestamp,
})
export type IssuedInvitation = z.infer<typeof IssuedInvitation>

/** A signed-in browser session on the shared host. */
export const AdminSession = z.object({
  id: Id,
  userId: Id,
  userName: z.string(),
  email: z.string(),
  /** Browser and system, read from the user agent ("Firefox on Linux"). */
  device: z.string(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  /** The session making this request. */
  current: z.boolean(),
})
export type AdminSession = z.infer<typeof AdminSession>

export const TotpStatus = z.object({
  enabled: z.boolean(),
  /** Set up started (QR code shown) but not confirmed with a first code. */
  pending: z.boolean(),
  recoveryCodesLeft: z.number().int().nonnegative(),
  /** The Owner requires it of everyone who signs in. */
  required: z.boolean(),
})
export type TotpStatus = z.infer<typeof TotpStatus>

export const TotpEnrolment = z.object({
  /** The key to type into an app, in groups of four. */
  secret: z.string(),
  uri: z.string(),
  /** The otpauth URI as a QR code (a data: URL of a PNG). */
  qrCode: z.string(),
})
export type TotpEnrolment = z.infer<typeof TotpEnrolment>

const Code = z.string().trim().min(1, 'Enter the code').max(20)

const PersonName = z.string().trim().max(100)
const ByUser = z.object({ userId: Id }).strict()
const Ended = z.object({ ended: z.number().int().nonnegative() })

export const teamContracts = {
  'team:list': contract(z.object({}).strict().optional(), z.array(TeamMember)),
  /** A new person as Administrator, with an invitation to set their password. */
  'team:invite': contract(
    z
      .object({
        email: Email,
        firstName: PersonName.default(''),
        lastName: PersonName.default(''),
      })
      .strict(),
    IssuedInvitation,
  ),
  /**
   * An invitation for an existing person: makes them an Administrator if they are not one, and
   * ends their old sign-in (password, sessions, earlier invitations): "reset sign-in".
   */
  'team:issueInvitation': contract(ByUser, IssuedInvitation),
  'team:revokeInvitation': contract(ByUser, TeamMember),
  /** Signs a person out everywhere. */
  'team:endSessions': contract(ByUser, Ended),
  /** Your own sessions; the Owner sees everyone's. */
  'sessions:list': contract(z.object({}).strict().optional(), z.array(AdminSession)),
  'sessions:end': contract(z.object({ sessionId: Id }).strict(), Ended),
  /** Signs you out of every other browser. */
  'sessions:endOthers': contract(z.object({}).strict().optional(), Ended),
  'totp:status': contract(z.object({}).strict().optional(), TotpStatus),
  'totp:begin': contract(z.object({}).strict().optional(), TotpEnrolment),
  /** The first code from the app turns it on; the recovery codes are shown once. */
  'totp:confirm': contract(
    z.object({ code: Code }).strict(),
    z.object({ recoveryCodes: z.array(z.string()) }),
  ),
  'totp:disable': contract(z.object({ code: Code }).strict(), TotpStatus),
  /** The Owner requires two-step sign-in of everyone who signs in. */
  'team:setTotpRequired': contract(
    z.object({ required: z.boolean() }).strict(),
    z.object({ required: z.boolean() }),
  ),
} as const
