import { Modal, Stack, Text } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import {
  ASSIGNED_ROLES,
  SERVICE_ACCOUNT_ROLES,
  type ServiceAccountRole,
} from '../../../../shared/roles'
import { AssignmentPicker, NO_ASSIGNMENTS } from '../../components/AssignmentPicker'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { RoleRadioGroup } from './RoleRadioGroup'
import { useServiceAccountsStore } from './service-accounts.store'
import { StaleEditAlert, VERSION_FIELD } from './StaleEditAlert'
import { useAssignmentTargets } from './useAssignmentTargets'
import { FormActions } from '../../components/FormActions'

const FIELDS = ['role', 'assignments', 'workspaceIds', 'projectIds', VERSION_FIELD]

/** Upgrades, downgrades or deactivates a service account; asks for assignments when needed. */
export function ChangeRoleDialog(props: {
  account: ServiceAccount
  onClose: () => void
  /** Starts the form again from the account as it is now. */
  onReload: () => void
}) {
  const { account } = props
  const changeRole = useServiceAccountsStore((s) => s.changeRole)
  const targets = useAssignmentTargets()
  const [role, setRole] = useState<ServiceAccountRole>(account.role)
  const [assignments, setAssignments] = useState({
    workspaceIds: account.workspaces.map((w) => w.id),
    projectIds: account.projects.map((p) => p.id),
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const needsAssignments = ASSIGNED_ROLES.includes(role)
  // The version this form shows: a refresh of the list underneath does not make it current.
  const [openedVersion] = useState(account.version)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const done = await submitWithFieldErrors(
      () =>
        changeRole(
          account.userId,
          role,
          needsAssignments ? assignments : NO_ASSIGNMENTS,
          openedVersion,
        ).then(() => true),
      FIELDS,
      setErrors,
    )
    setBusy(false)
    if (done) notifySuccess(`${account.name} changed role`)
  }

  return (
    <Modal opened onClose={props.onClose} title={`Change role of ${account.name}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <StaleEditAlert message={errors.version} onReload={props.onReload} />
          <RoleRadioGroup
            roles={SERVICE_ACCOUNT_ROLES}
            value={role}
            onChange={setRole}
            error={errors.role}
          />
          {role === 'AD' && (
            <Text size="sm" c="dimmed">
              Administrators reach every workspace and project; current assignments are removed.
            </Text>
          )}
          {needsAssignments && (
            <AssignmentPicker
              workspaces={targets.workspaces}
              projects={targets.projects}
              value={assignments}
              onChange={setAssignments}
              required
              error={errors.assignments ?? errors.workspaceIds ?? errors.projectIds}
            />
          )}
          <FormActions submitLabel="Save role" busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  )
}
