import { Button, Group, Modal, Select, Stack } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { Member } from '../../../../shared/contracts/members.contract'
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../../../../shared/roles'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { PERSON_ROLE_OPTIONS } from './AddPersonDialog'
import { useMembersStore, type PersonRole } from './members.store'

/** Changes the organization role of a person. */
export function ChangeMemberRoleDialog(props: { member: Member; onClose: () => void }) {
  const changeRole = useMembersStore((s) => s.changeRole)
  const [role, setRole] = useState<PersonRole>(
    props.member.role === 'OW' ? 'AD' : (props.member.role as PersonRole),
  )
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const done = await submitWithFieldErrors(
      () => changeRole(props.member.userId, role).then(() => true),
      ['role'],
      setErrors,
    )
    setBusy(false)
    if (done) {
      notifySuccess(`${props.member.displayName} is now ${ROLE_LABELS[role]}`)
      props.onClose()
    }
  }

  return (
    <Modal opened onClose={props.onClose} title={`Change role of ${props.member.displayName}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
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
              Save role
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
