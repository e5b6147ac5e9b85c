import type { InvitationInfo, LoginValue, SessionState } from '../../../../shared/auth'
import { CSRF_HEADER } from '../../../../shared/auth'
import type { ErrorBody, Result } from '../../../../shared/result'

/**
 * The serve-mode sign-in endpoints (`/auth/*`). Not part of the admin contracts: these run
 * before there is a session, so they cannot go through `lib/ipc.ts`.
 */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message)
    this.name = 'AuthError'
  }
  get field(): string | undefined {
    const f = this.body.details?.field
    return typeof f === 'string' ? f : undefined
  }
}

const UNREACHABLE: ErrorBody = {
  code: 'INTERNAL',
  message: 'Cannot reach Tessera; check that `npm run serve` is still running',
}

async function post<T>(path: string, body: unknown, csrfToken?: string | null): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        ...(csrfToken ? { [CSRF_HEADER]: csrfToken } : {}),
      },
      body: JSON.stringify(body ?? {}),
    })
  } catch {
    throw new AuthError(0, UNREACHABLE)
  }
  let result: Result<T> | null = null
  try {
    result = (await response.json()) as Result<T>
  } catch {
    // Handled below: a body that is not an envelope.
  }
  if (result?.ok) return result.value
  const error =
    result && !result.ok
      ? result.error
      : { code: 'INTERNAL' as const, message: `Tessera answered ${response.status}` }
  throw new AuthError(response.status, error)
}

export async function fetchSession(): Promise<SessionState> {
  let response: Response
  try {
    response = await fetch('/auth/session', { credentials: 'same-origin', cache: 'no-store' })
  } catch {
    throw new AuthError(0, UNREACHABLE)
  }
  if (!response.ok)
    throw new AuthError(response.status, {
      code: 'INTERNAL',
      message: `Tessera answered ${response.status}`,
    })
  return (await response.json()) as SessionState
}

export const setupOwner = (input: { email: string; password: string; name?: string }) =>
  post<{ email: string }>('/auth/setup', input)

export const login = (input: { email: string; password: string }) =>
  post<LoginValue>('/auth/login', input)

export const logout = (csrfToken: string | null) => post<null>('/auth/logout', {}, csrfToken)

export const lookUpInvitation = (token: string) =>
  post<InvitationInfo>('/auth/invitation', { token })

export const acceptInvitation = (input: { token: string; password: string; name?: string }) =>
  post<{ email: string }>('/auth/invitation/accept', input)
