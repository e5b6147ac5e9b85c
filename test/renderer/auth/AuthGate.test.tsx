import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { AuthGate } from '../../../src/renderer/src/features/auth/AuthGate'
import { initialAuthState, useAuthStore } from '../../../src/renderer/src/features/auth/auth.store'
import { SignOutButton } from '../../../src/renderer/src/features/auth/SignOutButton'
import { call } from '../../../src/renderer/src/lib/ipc'
import {
  INVITATION_INVALID_MESSAGE,
  SERVICE_ACCOUNT_SIGN_IN_MESSAGE,
} from '../../../src/shared/auth'

type Handler = (body: unknown, init: RequestInit) => { status: number; json: unknown }
let routes: Record<string, Handler>
const requests: { url: string; init: RequestInit }[] = []

const json = (status: number, body: unknown) => ({ status, json: body })
const owner = { id: 1, email: 'olga@acme.test', name: 'Olga', role: 'OW' }

function ui() {
  return render(
    <AppProviders env="test">
      <AuthGate>
        <p>Admin screens</p>
        <SignOutButton />
      </AuthGate>
    </AppProviders>,
  )
}

beforeEach(() => {
  useAuthStore.setState(initialAuthState)
  requests.length = 0
  routes = {}
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      requests.push({ url, init })
      const handler = routes[url]
      if (!handler) return new Response('not found', { status: 404 })
      const out = handler(init.body ? JSON.parse(String(init.body)) : undefined, init)
      return new Response(JSON.stringify(out.json), {
        status: out.status,
        headers: { 'content-type': 'application/json' },
      })
    }),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  delete (window as { api?: unknown }).api
})

describe('AuthGate', () => {
  it('renders the app directly in the desktop app', async () => {
    ;(window as { api?: unknown }).api = { invoke: vi.fn(), on: vi.fn(), channels: [] }
    ui()
    expect(await screen.findByText('Admin screens')).toBeInTheDocument()
    expect(requests).toHaveLength(0)
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument()
  })

  it('walks a new Owner through setup, validating the form', async () => {
    const user = userEvent.setup()
    routes['/auth/session'] = () => json(200, { setupRequired: true, user: null, csrfToken: null })
    routes['/auth/setup'] = (body) =>
      json(200, { ok: true, value: { email: (body as { email: string }).email } })
    ui()
    await user.type(await screen.findByLabelText(/^Email/), 'olga@acme.test')
    await user.type(screen.getByLabelText(/^Password/), 'short')
    await user.type(screen.getByLabelText(/^Confirm password/), 'different')
    await user.click(screen.getByRole('button', { name: 'Create Owner account' }))
    expect(await screen.findByText(/at least 10 characters/)).toBeInTheDocument()
    expect(screen.getByText('The passwords do not match')).toBeInTheDocument()
    expect(requests.some((r) => r.url === '/auth/setup')).toBe(false)

    await user.clear(screen.getByLabelText(/^Password/))
    await user.type(screen.getByLabelText(/^Password/), 'a long password')
    await user.clear(screen.getByLabelText(/^Confirm password/))
    await user.type(screen.getByLabelText(/^Confirm password/), 'a long password')
    await user.click(screen.getByRole('button', { name: 'Create Owner account' }))
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.getByText(/Owner account created/)).toBeInTheDocument()
    expect(screen.getByLabelText(/^Email/)).toHaveValue('olga@acme.test')
  })

  it('shows the refusal for a service account and for a wrong password', async () => {
    const user = userEvent.setup()
    routes['/auth/session'] = () => json(200, { setupRequired: false, user: null, csrfToken: null })
    routes['/auth/login'] = (body) =>
      (body as { email: string }).email.includes('service-accounts')
        ? json(403, {
            ok: false,
            error: { code: 'FORBIDDEN', message: SERVICE_ACCOUNT_SIGN_IN_MESSAGE },
          })
        : json(401, {
            ok: false,
            error: { code: 'UNAUTHENTICATED', message: 'Email or password is incorrect' },
          })
    ui()
    await user.type(await screen.findByLabelText(/^Email/), 'bot@service-accounts.tessera.local')
    await user.type(screen.getByLabelText(/^Password/), 'whatever')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(SERVICE_ACCOUNT_SIGN_IN_MESSAGE)

    await user.clear(screen.getByLabelText(/^Email/))
    await user.type(screen.getByLabelText(/^Email/), 'olga@acme.test')
    await user.type(screen.getByLabelText(/^Password/), 'wrong password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Email or password is incorrect')).toBeInTheDocument()
    expect(screen.queryByText('Admin screens')).not.toBeInTheDocument()
  })

  it('signs in, sends the CSRF token on calls, and returns to sign-in on a 401', async () => {
    const user = userEvent.setup()
    routes['/auth/session'] = () => json(200, { setupRequired: false, user: null, csrfToken: null })
    routes['/auth/login'] = () =>
      json(200, { ok: true, value: { user: owner, csrfToken: 'csrf-123' } })
    routes['/rpc/org:get'] = () =>
      json(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'expired' } })
    ui()
    await user.type(await screen.findByLabelText(/^Email/), owner.email)
    await user.type(screen.getByLabelText(/^Password/), 'a long password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Admin screens')).toBeInTheDocument()
    expect(screen.getByText(owner.email)).toBeInTheDocument()

    await expect(call('org:get')).rejects.toThrow()
    const rpc = requests.find((r) => r.url === '/rpc/org:get')!
    expect((rpc.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-123')
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.getByText(/session has ended/)).toBeInTheDocument()
  })

  it('signs out with the CSRF token', async () => {
    const user = userEvent.setup()
    routes['/auth/session'] = () =>
      json(200, { setupRequired: false, user: owner, csrfToken: 'csrf-9' })
    routes['/auth/logout'] = () => json(200, { ok: true, value: null })
    ui()
    await user.click(await screen.findByRole('button', { name: 'Sign out' }))
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    const out = requests.find((r) => r.url === '/auth/logout')!
    expect((out.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-9')
  })

  it('asks for the authenticator code after the right password, then signs in with it', async () => {
    const user = userEvent.setup()
    routes['/auth/session'] = () => json(200, { setupRequired: false, user: null, csrfToken: null })
    routes['/auth/login'] = (body) => {
      const code = (body as { code?: string }).code
      if (code === '123456') return json(200, { ok: true, value: { user: owner, csrfToken: 'c' } })
      return json(401, {
        ok: false,
        error: {
          code: 'UNAUTHENTICATED',
          message: code ? 'The code is incorrect or has already been used' : 'Enter the code',
          details: { field: 'code', totpRequired: true },
        },
      })
    }
    ui()
    await user.type(await screen.findByLabelText(/^Email/), owner.email)
    await user.type(screen.getByLabelText(/^Password/), 'a long password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    const code = await screen.findByRole('textbox', { name: /Authentication code/ })
    // Being asked is not a failure.
    expect(screen.queryByRole('alert')).toBeNull()
    await user.type(code, '999999')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The code is incorrect')
    await user.type(screen.getByRole('textbox', { name: /Authentication code/ }), '123456')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Admin screens')).toBeInTheDocument()
    const sent = requests
      .filter((r) => r.url === '/auth/login')
      .map((r) => JSON.parse(String(r.init.body)))
    expect(sent.map((b: { code?: string }) => b.code)).toEqual([undefined, '999999', '123456'])
  })

  it('opens an invitation link: whom it is for, the password twice, then sign-in with the email filled in', async () => {
    const user = userEvent.setup()
    const token = 'A'.repeat(43)
    window.history.replaceState(null, '', `/#/invitation/${token}`)
    routes['/auth/session'] = () => json(200, { setupRequired: false, user: null, csrfToken: null })
    routes['/auth/invitation'] = () =>
      json(200, {
        ok: true,
        value: { email: 'ada@acme.test', name: 'Ada', expiresAt: Date.now() + 1000 },
      })
    routes['/auth/invitation/accept'] = () =>
      json(200, { ok: true, value: { email: 'ada@acme.test' } })
    ui()
    await screen.findByRole('heading', { name: 'Choose your password' })
    expect(
      screen.getByText(/invited to administer this Tessera as ada@acme.test/),
    ).toBeInTheDocument()
    await user.type(screen.getByLabelText(/^Password/), 'a long password')
    await user.type(screen.getByLabelText(/^Confirm password/), 'another one!')
    await user.click(screen.getByRole('button', { name: 'Set password' }))
    expect(await screen.findByText('The passwords do not match')).toBeInTheDocument()
    await user.clear(screen.getByLabelText(/^Confirm password/))
    await user.type(screen.getByLabelText(/^Confirm password/), 'a long password')
    await user.click(screen.getByRole('button', { name: 'Set password' }))
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.getByText(/Your password is set/)).toBeInTheDocument()
    expect(screen.getByLabelText(/^Email/)).toHaveValue('ada@acme.test')
    expect(window.location.hash).toBe('#/')
    const accept = requests.find((r) => r.url === '/auth/invitation/accept')!
    expect(JSON.parse(String(accept.init.body))).toMatchObject({
      token,
      password: 'a long password',
    })
  })

  it('says so when an invitation link no longer works', async () => {
    window.history.replaceState(null, '', `/#/invitation/${'B'.repeat(43)}`)
    routes['/auth/session'] = () => json(200, { setupRequired: false, user: null, csrfToken: null })
    routes['/auth/invitation'] = () =>
      json(404, { ok: false, error: { code: 'NOT_FOUND', message: INVITATION_INVALID_MESSAGE } })
    ui()
    expect(await screen.findByRole('alert')).toHaveTextContent(INVITATION_INVALID_MESSAGE)
    window.history.replaceState(null, '', '/')
  })
})
