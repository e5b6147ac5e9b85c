import { Group, Modal, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { ROLE_LABELS } from '../../../../shared/roles'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useMembersStore, type PersonRole } from './members.store'
import { FormActions } from '../../components/FormActions'
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
  const [email, setEmail] = useState('')
  const [firstName, setFirstName] = useState('')
  const [lastName, setLastName] = useState('')
  const [role, setRole] = useState<PersonRole>('AN')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const added = await submitWithFieldErrors(
      () => addPerson({ email, firstName, lastName, role }),
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
        <PersonRoleSelect value={role} onChange={setRole} error={errors.role} />
        <FormActions submitLabel="Add person" busy={busy} onCancel={props.onClose} />
      </Stack>
    </form>
  )
}
