import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useOrganizationStore } from '../organization/organization.store'
import { useServiceAccountsStore } from './service-accounts.store'
import { StaleEditAlert, VERSION_FIELD } from './StaleEditAlert'

/** Deletes a service account after its name is typed; it can be undeleted for 30 days. */
export function DeleteServiceAccountDialog(props: {
  account: ServiceAccount
  onClose: () => void
  onReload: () => void
}) {
  const { account } = props
  const remove = useServiceAccountsStore((s) => s.remove)
  const reloadOrg = useOrganizationStore((s) => s.load)
  const [typed, setTyped] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [openedVersion] = useState(account.version)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const done = await submitWithFieldErrors(
      () => remove(account.userId, typed, openedVersion).then(() => true),
      ['confirmName', VERSION_FIELD],
      setErrors,
    )
    setBusy(false)
    if (done) {
      notifySuccess(`${account.name} deleted; it can be undeleted for 30 days`)
      void reloadOrg()
    }
  }

  return (
    <Modal opened onClose={props.onClose} title={`Delete ${account.name}?`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <StaleEditAlert message={errors.version} onReload={props.onReload} />
          <Alert color="red" title="Its token stops working immediately">
            The account disappears from lists and frees its quota slot. You can undelete it within
            30 days (with a new token); its name stays reserved until then.
          </Alert>
          <TextInput
            label={`Type “${account.name}” to confirm`}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            error={errors.confirmName}
            autoComplete="off"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={busy} disabled={typed !== account.name}>
              Delete service account
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
