import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { LoginInput } from '../../../../shared/auth'
import { AuthError } from './auth.api'
import { useAuthStore } from './auth.store'
import { AuthCard } from './AuthCard'

/** Sign-in for Owners and Administrators (serve mode). */
export function SignInPage() {
  const signIn = useAuthStore((s) => s.signIn)
  const notice = useAuthStore((s) => s.notice)
  const [email, setEmail] = useState(useAuthStore.getState().email)
  const [password, setPassword] = useState('')
  // Asked for once the server says this account has two-step sign-in.
  const [needsCode, setNeedsCode] = useState(false)
  const [code, setCode] = useState('')
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setFailure(null)
    const parsed = LoginInput.safeParse({ email, password, code: needsCode ? code : undefined })
    if (!parsed.success) {
      const next: { email?: string; password?: string } = {}
      for (const issue of parsed.error.issues)
        next[issue.path[0] as 'email' | 'password'] ??= issue.message
      return setErrors(next)
    }
    setErrors({})
    setBusy(true)
    try {
      await signIn(parsed.data)
    } catch (e) {
      if (e instanceof AuthError && e.body.details?.totpRequired) {
        setCode('')
        // The first time, the server only asks for the code: that is not a failure.
        setFailure(needsCode ? e.message : null)
        setNeedsCode(true)
        return
      }
      // Refusals (wrong password, service account, no access, throttled) are shown whole,
      // above the form: they are about the account, not about one field's format.
      setFailure(e instanceof AuthError || e instanceof Error ? e.message : String(e))
      setPassword('')
    } finally {
      setBusy(false)
    }
  }

  return (
    <AuthCard title="Sign in" subtitle="Organization administration for Owners and Administrators.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {notice && !failure ? (
            <Alert color="blue" role="status">
              {notice}
            </Alert>
          ) : null}
          {failure ? (
            <Alert color="red" role="alert" title="Sign-in refused">
              {failure}
            </Alert>
          ) : null}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            error={errors.email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            error={errors.password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {needsCode && (
            <TextInput
              label="Authentication code"
              description="The 6-digit code from your authenticator app, or a recovery code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              autoFocus
            />
          )}
          <Button type="submit" loading={busy} mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  )
}
