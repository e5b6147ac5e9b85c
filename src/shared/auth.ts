import { z } from 'zod'
import { Email } from './schemas'

/**
 * The serve-mode sign-in wire format (`/auth/*`), shared by the HTTP transport and the
 * renderer's sign-in pages so both validate the same way and show the same messages.
 */
export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 256

export const Password = z
  .string()
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`)

export const SetupInput = z.object({
  email: Email,
  password: Password,
  name: z.string().trim().max(150, 'Name must be at most 150 characters').optional(),
})
export type SetupInput = z.infer<typeof SetupInput>

export const LoginInput = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(254),
  // No minimum here: an old, shorter password must still get the ordinary "incorrect" answer.
  password: z.string().min(1, 'Enter your password').max(PASSWORD_MAX),
  /** The authenticator app's code (or a recovery code), once the server has asked for it. */
  code: z.string().trim().max(20).optional(),
})
export type LoginInput = z.infer<typeof LoginInput>

export interface SessionUser {
  id: number
  email: string
  name: string
  role: 'OW' | 'AD'
}

/** `GET /auth/session`. */
export interface SessionState {
  setupRequired: boolean
  user: SessionUser | null
  csrfToken: string | null
  /** Signed in, but the Owner requires two-step sign-in and it is not set up yet. */
  totpEnrolmentRequired: boolean
}

/** What `POST /auth/login` answers on success (inside the Result envelope). */
export interface LoginValue {
  user: SessionUser
  csrfToken: string
  totpEnrolmentRequired: boolean
}

export const CSRF_HEADER = 'X-CSRF-Token'

/** DESIGN §1: the exact refusal for a service account at any sign-in. */
export const SERVICE_ACCOUNT_SIGN_IN_MESSAGE = 'Service accounts cannot sign in; use the API token'
export const NO_ADMIN_ACCESS_MESSAGE =
  'Your account has no access to organization administration. Ask an Owner or Administrator.'
export const WRONG_CREDENTIALS_MESSAGE = 'Email or password is incorrect'
export const TOTP_CODE_MESSAGE =
  'Enter the 6-digit code from your authenticator app (or one of your recovery codes)'
export const WRONG_CODE_MESSAGE = 'The code is incorrect or has already been used'
export const TOTP_ENROLMENT_REQUIRED_MESSAGE =
  'The Owner requires two-step sign-in: set up an authenticator app to continue.'
/** The admin operations a person who must still set up two-step sign-in may call. */
export const TOTP_ENROLMENT_CHANNELS = ['totp:status', 'totp:begin', 'totp:confirm'] as const
export const SESSION_EXPIRED_MESSAGE = 'You are not signed in, or your session has expired'

/** An invitation's secret as it travels in the link (`#/invitation/<token>`). */
export const InvitationToken = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{20,100}$/, 'This invitation link is incomplete; copy the whole link')

/** `POST /auth/invitation`: whom an invitation is for, before the form is filled in. */
export const InvitationLookup = z.object({ token: InvitationToken })

/** `POST /auth/invitation/accept`: the invited person chooses their password. */
export const AcceptInvitationInput = z.object({
  token: InvitationToken,
  password: Password,
  name: z.string().trim().max(150, 'Name must be at most 150 characters').optional(),
})
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationInput>

export interface InvitationInfo {
  email: string
  name: string
  expiresAt: number
}

export const INVITATION_INVALID_MESSAGE =
  'This invitation link is not valid: it has expired, was already used or was revoked. Ask the Owner for a new one.'
/** The hash route an invitation link opens. */
export const INVITATION_ROUTE = '#/invitation/'
