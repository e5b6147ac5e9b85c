import { Modal, Stack } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { ROLE_LABELS } from '../../../../shared/roles'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useMembersStore, type PersonRole } from './members.store'
import { FormActions } from '../../components/FormActions'
import { NO_PERSON, PersonFields } from '../../components/PersonFields'
import { PersonRoleSelect } from './PersonRoleSelect'

/** Adds a person to the organization with a role. */
export function AddPersonDialog(props: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Add a person">
      {props.opened && <AddPersonForm onClose={props.onClose} />}
    </Modal>
  )
}

function AddPersonForm(props: { onClose: () => void }) {
  const addPerson = useMembersStore((s) => s.addPerson)
  const [person, setPerson] = useState(NO_PERSON)
  const [role, setRole] = useState<PersonRole>('AN')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const added = await submitWithFieldErrors(
      () => addPerson({ ...person, role }),
      ['email', 'firstName', 'lastName', 'role'],
      setErrors,
    )
    setBusy(false)
    if (added) {
      notifySuccess(`${added.email} added as ${ROLE_LABELS[added.role]}`)
      props.onClose()
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PersonFields value={person} onChange={setPerson} errors={errors} />
        <PersonRoleSelect value={role} onChange={setRole} error={errors.role} />
        <FormActions submitLabel="Add person" busy={busy} onCancel={props.onClose} />
      </Stack>
    </form>
  )
}
