import { Modal, Stack } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { Member } from '../../../../shared/contracts/members.contract'
import { ROLE_LABELS } from '../../../../shared/roles'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useMembersStore, type PersonRole } from './members.store'
import { FormActions } from '../../components/FormActions'
import { PersonRoleSelect } from './PersonRoleSelect'

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
          <PersonRoleSelect value={role} onChange={setRole} error={errors.role} />
          <FormActions submitLabel="Save role" busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  )
}
