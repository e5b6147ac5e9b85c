import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { notifyError } from '../../lib/errors'
import { useOrganizationStore } from '../organization/organization.store'
import { useServiceAccountsStore } from './service-accounts.store'

function useRun(action: () => Promise<void>, failure: string) {
  const [busy, setBusy] = useState(false)
  const run = async () => {
    setBusy(true)
    try {
      await action()
    } catch (error) {
      notifyError(error, failure)
    } finally {
      setBusy(false)
    }
  }
  return { busy, run }
}

/** Confirms Reset Token: the old token stops working the moment the new one is issued. */
export function ResetTokenDialog(props: { account: ServiceAccount; onClose: () => void }) {
  const resetToken = useServiceAccountsStore((s) => s.resetToken)
  const { busy, run } = useRun(() => resetToken(props.account.userId), 'The token was not reset')
  return (
    <Modal opened onClose={props.onClose} title={`Reset the token of ${props.account.name}?`}>
      <Stack>
        <Alert color="orange" title="The current token stops working immediately">
          Every script or integration that uses{' '}
          {props.account.token ? <code>{props.account.token.display}</code> : 'it'} gets “401
          Unauthorized” from now on, until you give it the new token shown next.
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button color="orange" loading={busy} onClick={run}>
            Reset token
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

/** Confirms Undelete: the account comes back with a new token (the old one stays revoked). */
export function UndeleteDialog(props: { account: ServiceAccount; onClose: () => void }) {
  const undelete = useServiceAccountsStore((s) => s.undelete)
  const reloadOrg = useOrganizationStore((s) => s.load)
  const { busy, run } = useRun(async () => {
    await undelete(props.account.userId)
    await reloadOrg()
  }, 'The service account was not restored')
  return (
    <Modal opened onClose={props.onClose} title={`Undelete ${props.account.name}?`}>
      <Stack>
        <Text size="sm">
          The account gets back its role and workspaces and projects, and takes a slot of the
          service-account quota again. Its old token stays revoked; a new one is shown once.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button loading={busy} onClick={run}>
            Undelete
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
