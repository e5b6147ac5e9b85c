import { Group, Modal, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { FormActions } from '../../components/FormActions'
import { submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useTeamStore } from './team.store'

/** The Owner adds a person as Administrator; the invitation link is shown next. */
export function InviteAdministratorDialog(props: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Invite an administrator">
      {props.opened && <InviteForm onClose={props.onClose} />}
    </Modal>
  )
}

function InviteForm(props: { onClose: () => void }) {
  const invite = useTeamStore((s) => s.invite)
  const [email, setEmail] = useState('')
  const [firstName, setFirstName] = useState('')
  const [lastName, setLastName] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const done = await submitWithFieldErrors(
      () => invite({ email, firstName, lastName }).then(() => true),
      ['email', 'firstName', 'lastName'],
      setErrors,
    )
    setBusy(false)
    if (done) props.onClose()
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Email"
          type="email"
          withAsterisk
          data-autofocus
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
        />
        <Group grow>
          <TextInput
            label="First name"
            value={firstName}
            onChange={(e) => setFirstName(e.currentTarget.value)}
            error={errors.firstName}
          />
          <TextInput
            label="Last name"
            value={lastName}
            onChange={(e) => setLastName(e.currentTarget.value)}
            error={errors.lastName}
          />
        </Group>
        <FormActions submitLabel="Create invitation" busy={busy} onCancel={props.onClose} />
      </Stack>
    </form>
  )
}
