import { Alert, Button, Modal, Stack, TextInput, Textarea } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { ASSIGNED_ROLES, ROLE_LABELS, type ServiceAccountRole } from '../../../../shared/roles'
import {
  AssignmentPicker,
  NO_ASSIGNMENTS,
  type AssignmentValue,
} from '../../components/AssignmentPicker'
import { fieldErrorOf, notifyError, type FieldErrors } from '../../lib/errors'
import { RpcError } from '../../lib/ipc'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { useOrganizationStore } from '../organization/organization.store'
import { quotaActionLabel } from './RequestQuotaDialog'
import { RoleRadioGroup } from './RoleRadioGroup'
import { TokenExpiryField } from './TokenExpiryField'
import { useServiceAccountsStore } from './service-accounts.store'
import { useAssignmentTargets } from './useAssignmentTargets'
import { useNameCheck, type NameCheck } from './useNameCheck'
import { FormActions } from '../../components/FormActions'

const CREATE_ROLES = ['AD', 'MA', 'RE', 'AN'] as const satisfies readonly ServiceAccountRole[]
const FIELDS = [
  'name',
  'description',
  'role',
  'assignments',
  'workspaceIds',
  'projectIds',
  'expiresAt',
]

function nameHint(check: NameCheck): string | undefined {
  if (check.status === 'checking') return 'Checking whether the name is free…'
  if (check.status === 'available') return 'Name is available. It cannot be changed later.'
  return '1–64 letters, digits, spaces, hyphens, underscores or dots. It cannot be changed later.'
}

/** Creates a service account: name, role, and (for MA/RE/AN) its workspaces and projects. */
export function CreateServiceAccountDialog(props: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Create service account" size="lg">
      {props.opened && <CreateServiceAccountForm onClose={props.onClose} />}
    </Modal>
  )
}

function CreateServiceAccountForm(props: { onClose: () => void }) {
  const create = useServiceAccountsStore((s) => s.create)
  const openDialog = useServiceAccountsStore((s) => s.openDialog)
  const reloadOrg = useOrganizationStore((s) => s.load)
  const isOwner = useAuthStore(selectIsOwner)
  const targets = useAssignmentTargets()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [role, setRole] = useState<ServiceAccountRole | null>(null)
  const [assignments, setAssignments] = useState<AssignmentValue>(NO_ASSIGNMENTS)
  const [expiresAt, setExpiresAt] = useState<number | undefined>(undefined)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [quotaMessage, setQuotaMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const check = useNameCheck(name)
  const needsAssignments = role !== null && ASSIGNED_ROLES.includes(role)

  const liveNameError = check.status === 'problem' ? check.message : undefined
  const assignmentsError = errors.assignments ?? errors.workspaceIds ?? errors.projectIds

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    // Every missing field is named at once, not one per attempt.
    const missing: FieldErrors = {}
    if (name.trim() === '') missing.name = 'Name is required'
    if (!role) missing.role = 'Choose a role'
    else if (
      needsAssignments &&
      assignments.workspaceIds.length + assignments.projectIds.length === 0
    ) {
      missing.assignments = `${ROLE_LABELS[role]} service accounts need at least one workspace or project`
    }
    if (!role || Object.keys(missing).length > 0) {
      setErrors(missing)
      return
    }
    setBusy(true)
    setErrors({})
    setQuotaMessage(null)
    try {
      await create({
        name,
        description,
        role,
        ...(needsAssignments ? assignments : NO_ASSIGNMENTS),
        ...(expiresAt === undefined ? {} : { expiresAt }),
      })
      void reloadOrg()
    } catch (error) {
      if (error instanceof RpcError && error.code === 'QUOTA_EXCEEDED')
        setQuotaMessage(error.message)
      else {
        const fe = fieldErrorOf(error, FIELDS)
        if (fe) setErrors(fe)
        else notifyError(error, 'The service account was not created')
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Name"
          withAsterisk
          data-autofocus
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value)
            setErrors((x) => ({ ...x, name: undefined }))
          }}
          description={liveNameError || errors.name ? undefined : nameHint(check)}
          error={errors.name ?? liveNameError}
          maxLength={80}
        />
        <Textarea
          label="Description"
          description="Optional: what uses this account"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors.description}
          autosize
          minRows={1}
        />
        <RoleRadioGroup
          roles={CREATE_ROLES}
          value={role}
          onChange={(r) => {
            setRole(r)
            setErrors((x) => ({ ...x, role: undefined, assignments: undefined }))
          }}
          error={errors.role}
        />
        {needsAssignments && (
          <AssignmentPicker
            workspaces={targets.workspaces}
            projects={targets.projects}
            value={assignments}
            onChange={(a) => {
              setAssignments(a)
              setErrors((x) => ({ ...x, assignments: undefined }))
            }}
            required
            error={assignmentsError}
          />
        )}
        <TokenExpiryField
          value={expiresAt}
          onChange={(v) => {
            setExpiresAt(v)
            setErrors((x) => ({ ...x, expiresAt: undefined }))
          }}
          error={errors.expiresAt}
        />
        {quotaMessage && (
          <Alert color="orange" title="No service accounts left in the quota" role="alert">
            <Stack gap="xs" align="flex-start">
              {quotaMessage}
              <Button
                size="xs"
                variant="light"
                onClick={() => openDialog({ kind: 'requestQuota' })}
              >
                {quotaActionLabel(isOwner)}
              </Button>
            </Stack>
          </Alert>
        )}
        <FormActions submitLabel="Create" busy={busy} onCancel={props.onClose} />
      </Stack>
    </form>
  )
}
