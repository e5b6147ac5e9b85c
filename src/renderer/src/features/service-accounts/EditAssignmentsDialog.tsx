import { Modal, Stack } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { AssignmentPicker } from '../../components/AssignmentPicker'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useServiceAccountsStore } from './service-accounts.store'
import { StaleEditAlert, VERSION_FIELD } from './StaleEditAlert'
import { useAssignmentTargets } from './useAssignmentTargets'
import { FormActions } from '../../components/FormActions'

const FIELDS = ['assignments', 'workspaceIds', 'projectIds', VERSION_FIELD]

/** Adds or removes the workspaces and projects a service account may reach. */
export function EditAssignmentsDialog(props: {
  account: ServiceAccount
  onClose: () => void
  onReload: () => void
}) {
  const { account } = props
  const setAccountAssignments = useServiceAccountsStore((s) => s.setAssignments)
  const targets = useAssignmentTargets()
  const [value, setValue] = useState({
    workspaceIds: account.workspaces.map((w) => w.id),
    projectIds: account.projects.map((p) => p.id),
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [openedVersion] = useState(account.version)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const done = await submitWithFieldErrors(
      () => setAccountAssignments(account.userId, value, openedVersion).then(() => true),
      FIELDS,
      setErrors,
    )
    setBusy(false)
    if (done) notifySuccess(`Workspaces and projects of ${account.name} saved`)
  }

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={`Workspaces & projects of ${account.name}`}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <StaleEditAlert message={errors.version} onReload={props.onReload} />
          <AssignmentPicker
            workspaces={targets.workspaces}
            projects={targets.projects}
            value={value}
            onChange={setValue}
            required={account.role !== 'DI'}
            error={errors.assignments ?? errors.workspaceIds ?? errors.projectIds}
          />
          <FormActions submitLabel="Save" busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  )
}
