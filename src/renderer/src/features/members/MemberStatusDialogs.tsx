import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { Member } from '../../../../shared/contracts/members.contract'
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../../../../shared/roles'
import { messageOf, notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useMembersStore, type ReactivationRole } from './members.store'
import { FormActions } from '../../components/FormActions'

const REACTIVATION_ROLES = (['AN', 'RE', 'MA', 'AD'] as const).map((r) => ({
  value: r,
  label: ROLE_LABELS[r],
}))

/** Deactivation is reversible but cuts access at once: say so and ask first. */
export function DeactivateMemberDialog(props: { member: Member; onClose: () => void }) {
  const deactivate = useMembersStore((s) => s.deactivate)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      await deactivate(props.member.userId)
      notifySuccess(`${props.member.displayName} deactivated`)
      props.onClose()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened onClose={props.onClose} title={`Deactivate ${props.member.displayName}?`}>
      <Stack>
        <Alert color="orange" title="Access ends immediately">
          {props.member.email} can no longer sign in or use the API. Their seat is freed and their
          work stays. You can reactivate them later.
        </Alert>
        {error && (
          <Alert color="red" role="alert" title="Not deactivated">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={run}>
            Deactivate
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

/** Brings a deactivated person back with the role the admin chooses (Annotator by default). */
export function ReactivateMemberDialog(props: { member: Member; onClose: () => void }) {
  const reactivate = useMembersStore((s) => s.reactivate)
  const [role, setRole] = useState<ReactivationRole>('AN')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const done = await submitWithFieldErrors(
      () => reactivate(props.member.userId, role).then(() => true),
      ['role'],
      setErrors,
    )
    setBusy(false)
    if (done) {
      notifySuccess(`${props.member.displayName} reactivated as ${ROLE_LABELS[role]}`)
      props.onClose()
    }
  }

  return (
    <Modal opened onClose={props.onClose} title={`Reactivate ${props.member.displayName}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Reactivating takes a seat again.
          </Text>
          <Select
            label="Role after reactivation"
            data={REACTIVATION_ROLES}
            value={role}
            onChange={(v) => v && setRole(v as ReactivationRole)}
            allowDeselect={false}
            description={ROLE_DESCRIPTIONS[role]}
            error={errors.role}
            data-autofocus
          />
          <FormActions submitLabel="Reactivate" busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  )
}
