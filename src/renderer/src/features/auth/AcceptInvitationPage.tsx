import { Alert, Button, Loader, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useEffect, useState, type FormEvent } from 'react'
import { AcceptInvitationInput, PASSWORD_MIN, type InvitationInfo } from '../../../../shared/auth'
import { formatDateTime } from '../../lib/format'
import { AuthError, acceptInvitation, lookUpInvitation } from './auth.api'
import { useAuthStore } from './auth.store'
import { AuthCard } from './AuthCard'

type Field = 'name' | 'password' | 'confirm'

/**
 * An invitation link (`#/invitation/<token>`): the invited Administrator sees whom it is for,
 * chooses a password, and goes on to sign in. The link works once.
 */
export function AcceptInvitationPage(props: { token: string }) {
  const accepted = useAuthStore((s) => s.invitationAccepted)
  const [info, setInfo] = useState<InvitationInfo | null>(null)
  const [refusal, setRefusal] = useState<string | null>(null)
  const [values, setValues] = useState<Record<Field, string>>({
    name: '',
    password: '',
    confirm: '',
  })
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    lookUpInvitation(props.token).then(
      (found) => {
        if (!live) return
        setInfo(found)
        setValues((v) => ({ ...v, name: found.name === found.email ? '' : found.name }))
      },
      (e: unknown) => live && setRefusal(e instanceof Error ? e.message : String(e)),
    )
    return () => {
      live = false
    }
  }, [props.token])

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
    const parsed = AcceptInvitationInput.safeParse({
      token: props.token,
      password: values.password,
      name: values.name || undefined,
    })
    const next: Partial<Record<Field, string>> = {}
    if (!parsed.success) {
      for (const issue of parsed.error.issues) next[issue.path[0] as Field] ??= issue.message
    }
    if (values.confirm !== values.password) next.confirm = 'The passwords do not match'
    setErrors(next)
    if (!parsed.success || next.confirm) return
    setBusy(true)
    try {
      const done = await acceptInvitation(parsed.data)
      accepted(done.email)
    } catch (e) {
      if (e instanceof AuthError && (e.field === 'password' || e.field === 'name'))
        setErrors({ [e.field]: e.message })
      else setRefusal(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  if (refusal) {
    return (
      <AuthCard title="Invitation">
        <Alert color="red" role="alert" title="This link does not work">
          {refusal}
        </Alert>
        <Button variant="default" onClick={() => accepted(null)}>
          Go to sign-in
        </Button>
      </AuthCard>
    )
  }
  if (!info) {
    return (
      <AuthCard title="Invitation">
        <Loader aria-label="Checking the invitation" />
      </AuthCard>
    )
  }
  return (
    <AuthCard
      title="Choose your password"
      subtitle={`You are invited to administer this Tessera as ${info.email}. The link works once, until ${formatDateTime(info.expiresAt)}.`}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Email" value={info.email} readOnly autoComplete="username" />
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
            Set password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  )
}
