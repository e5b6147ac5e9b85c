import { Modal, Stack } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { FormActions } from '../../components/FormActions'
import { NO_PERSON, PersonFields } from '../../components/PersonFields'
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
  const [person, setPerson] = useState(NO_PERSON)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const done = await submitWithFieldErrors(
      () => invite(person).then(() => true),
      ['email', 'firstName', 'lastName'],
      setErrors,
    )
    setBusy(false)
    if (done) props.onClose()
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PersonFields value={person} onChange={setPerson} errors={errors} />
        <FormActions submitLabel="Create invitation" busy={busy} onCancel={props.onClose} />
      </Stack>
    </form>
  )
}
