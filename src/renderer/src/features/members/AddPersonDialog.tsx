import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { PERSON_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS } from '../../../../shared/roles'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useMembersStore, type PersonRole } from './members.store'

export const PERSON_ROLE_OPTIONS = PERSON_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))

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
        <Select
          label="Role"
          data={PERSON_ROLE_OPTIONS}
          value={role}
          onChange={(v) => v && setRole(v as PersonRole)}
          allowDeselect={false}
          description={ROLE_DESCRIPTIONS[role]}
          error={errors.role}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Add person
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
