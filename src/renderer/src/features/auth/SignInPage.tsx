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
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setFailure(null)
    const parsed = LoginInput.safeParse({ email, password })
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
          <Button type="submit" loading={busy} mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  )
}
