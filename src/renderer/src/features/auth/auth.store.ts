import { create } from 'zustand'
import { INVITATION_ROUTE, type SessionUser } from '../../../../shared/auth'
import { setCsrfToken } from '../../lib/ipc'
import { AuthError, fetchSession, login, logout, setupOwner } from './auth.api'

export type AuthStatus =
  | 'loading'
  | 'desktop'
  | 'setup'
  | 'invitation'
  | 'signIn'
  | 'signedIn'
  | 'unreachable'

export interface AuthState {
  status: AuthStatus
  user: SessionUser | null
  csrfToken: string | null
  /** A message for the sign-in page (why you are there), not an error of the form. */
  notice: string | null
  /** The email to prefill after setup. */
  email: string
  error: string | null
  /** The secret of the invitation link the page was opened with. */
  invitationToken: string | null
  /** Signed in, but the Owner requires two-step sign-in and it is not set up yet. */
  totpEnrolmentRequired: boolean
}

export const initialAuthState: AuthState = {
  status: 'loading',
  user: null,
  csrfToken: null,
  notice: null,
  email: '',
  error: null,
  invitationToken: null,
  totpEnrolmentRequired: false,
}

interface AuthActions {
  /** Decides what to show: the desktop app needs no sign-in; a browser asks the server. */
  load: () => Promise<void>
  setup: (input: { email: string; password: string; name?: string }) => Promise<void>
  signIn: (input: { email: string; password: string; code?: string }) => Promise<void>
  signOut: () => Promise<void>
  /** The server said the session is gone (a 401 from /rpc/*). */
  expire: () => void
  /** Leaves the invitation page: to sign-in with the email prefilled once a password is set. */
  invitationAccepted: (email: string | null) => void
}

/** The invitation secret in the address (`#/invitation/<token>`), if the page was opened so. */
function invitationInAddress(): string | null {
  if (typeof window === 'undefined') return null
  const hash = window.location.hash
  return hash.startsWith(INVITATION_ROUTE) ? hash.slice(INVITATION_ROUTE.length) || null : null
}

const hasDesktopBridge = () =>
  typeof window !== 'undefined' && 'api' in window && Boolean((window as { api?: unknown }).api)

export const useAuthStore = create<AuthState & AuthActions>()((set, get) => ({
  ...initialAuthState,
  load: async () => {
    if (hasDesktopBridge()) return set({ status: 'desktop' })
    const invitationToken = invitationInAddress()
    if (invitationToken) return set({ status: 'invitation', invitationToken })
    try {
      const s = await fetchSession()
      setCsrfToken(s.csrfToken)
      if (s.user)
        set({
          status: 'signedIn',
          user: s.user,
          csrfToken: s.csrfToken,
          error: null,
          totpEnrolmentRequired: s.totpEnrolmentRequired,
        })
      else
        set({
          status: s.setupRequired ? 'setup' : 'signIn',
          user: null,
          csrfToken: null,
          error: null,
        })
    } catch (e) {
      set({ status: 'unreachable', error: e instanceof Error ? e.message : String(e) })
    }
  },
  // Errors propagate to the form, which shows them next to the right control.
  setup: async (input) => {
    await setupOwner(input)
    set({
      status: 'signIn',
      email: input.email,
      notice: 'Owner account created. Sign in with your new password.',
    })
  },
  signIn: async (input) => {
    const value = await login(input)
    setCsrfToken(value.csrfToken)
    set({
      status: 'signedIn',
      user: value.user,
      csrfToken: value.csrfToken,
      notice: null,
      email: input.email,
      totpEnrolmentRequired: value.totpEnrolmentRequired,
    })
  },
  signOut: async () => {
    try {
      await logout(get().csrfToken)
    } catch (e) {
      // Already signed out on the server (expired): the local state is cleared all the same.
      if (!(e instanceof AuthError)) throw e
    }
    setCsrfToken(null)
    set({
      status: 'signIn',
      user: null,
      csrfToken: null,
      notice: 'You have signed out.',
      totpEnrolmentRequired: false,
    })
  },
  invitationAccepted: (email) => {
    // The secret leaves the address bar (and the history entry) as soon as it is used.
    window.history.replaceState(null, '', `${window.location.pathname}#/`)
    set(
      email
        ? { invitationToken: null, email, notice: 'Your password is set. Sign in with it now.' }
        : { invitationToken: null },
    )
    void get().load()
  },
  expire: () => {
    if (get().status !== 'signedIn') return
    setCsrfToken(null)
    set({
      status: 'signIn',
      user: null,
      csrfToken: null,
      totpEnrolmentRequired: false,
      notice: 'Your session has ended. Sign in again.',
    })
  },
}))

export const selectAuthStatus = (s: AuthState) => s.status
export const selectAuthUser = (s: AuthState) => s.user
/**
 * Whether the operator is the organization Owner: always in the desktop app (DESIGN §2), and in
 * a browser when the signed-in user holds the Owner role. Only the Owner decides quota requests.
 */
export const selectIsOwner = (s: AuthState) =>
  s.status === 'desktop' || (s.status === 'signedIn' && s.user?.role === 'OW')
