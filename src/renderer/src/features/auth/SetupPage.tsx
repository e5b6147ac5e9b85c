import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { PASSWORD_MIN, SetupInput } from '../../../../shared/auth'
import { AuthError } from './auth.api'
import { useAuthStore } from './auth.store'
import { AuthCard } from './AuthCard'

type Field = 'email' | 'name' | 'password' | 'confirm'

/** First run in a browser: the Owner chooses the email and password used to sign in. */
export function SetupPage() {
  const setup = useAuthStore((s) => s.setup)
  const [values, setValues] = useState<Record<Field, string>>({
    email: '',
    name: '',
    password: '',
    confirm: '',
  })
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const bind = (field: Field) => ({
    value: values[field],
    error: errors[field],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value
      setValues((v) => ({ ...v, [field]: value }))
    },
  })

  async function submit(event: FormEvent) {
    event.preventDefault()
    setFailure(null)
    const parsed = SetupInput.safeParse({
      email: values.email,
      password: values.password,
      name: values.name || undefined,
    })
    const next: Partial<Record<Field, string>> = {}
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as Field
        next[key] ??= issue.message
      }
    }
    if (values.confirm !== values.password) next.confirm = 'The passwords do not match'
    setErrors(next)
    if (!parsed.success || next.confirm) return
    setBusy(true)
    try {
      await setup(parsed.data)
    } catch (e) {
      if (e instanceof AuthError && e.field && e.field in values)
        setErrors({ [e.field]: e.message })
      else setFailure(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <AuthCard
      title="Set up Tessera"
      subtitle="Create the Owner's sign-in. This page only answers on this machine, and only once."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {failure ? (
            <Alert color="red" role="alert" title="Setup did not work">
              {failure}
            </Alert>
          ) : null}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            {...bind('email')}
          />
          <TextInput label="Name" autoComplete="name" {...bind('name')} />
          <PasswordInput
            label="Password"
            description={`At least ${PASSWORD_MIN} characters`}
            autoComplete="new-password"
            required
            {...bind('password')}
          />
          <PasswordInput
            label="Confirm password"
            autoComplete="new-password"
            required
            {...bind('confirm')}
          />
          <Button type="submit" loading={busy} mt="xs">
            Create Owner account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  )
}
