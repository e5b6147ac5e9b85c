import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { GRACE_LABELS, ROTATION_GRACES, type RotationGrace } from '../../../../shared/rotation'
import { fieldErrorOf, notifyError } from '../../lib/errors'
import { useOrganizationStore } from '../organization/organization.store'
import { useServiceAccountsStore } from './service-accounts.store'
import { TokenExpiryField } from './TokenExpiryField'

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

/**
 * Confirms Reset Token. By default the old token stops working the moment the new one is
 * issued (as in Label Studio); a grace period keeps it valid for a while, so a pipeline can be
 * redeployed with the new token without a failed request.
 */
export function ResetTokenDialog(props: { account: ServiceAccount; onClose: () => void }) {
  const resetToken = useServiceAccountsStore((s) => s.resetToken)
  const [grace, setGrace] = useState<RotationGrace>('none')
  const [expiresAt, setExpiresAt] = useState<number | undefined>(undefined)
  const [expiryError, setExpiryError] = useState<string | undefined>(undefined)
  const { busy, run } = useRun(async () => {
    try {
      await resetToken(props.account.userId, grace, expiresAt)
    } catch (error) {
      const field = fieldErrorOf(error, ['expiresAt'])
      if (!field) throw error
      setExpiryError(field.expiresAt)
    }
  }, 'The token was not reset')
  const current = props.account.token ? <code>{props.account.token.display}</code> : 'it'
  return (
    <Modal opened onClose={props.onClose} title={`Reset the token of ${props.account.name}?`}>
      <Stack>
        <Radio.Group
          label="Keep the current token valid for"
          value={grace}
          onChange={(v) => setGrace(v as RotationGrace)}
        >
          <Stack gap="xs" mt="xs">
            {ROTATION_GRACES.map((g) => (
              <Radio key={g} value={g} label={GRACE_LABELS[g]} />
            ))}
          </Stack>
        </Radio.Group>
        {grace === 'none' ? (
          <Alert color="orange" title="The current token stops working immediately">
            Every script or integration that uses {current} gets “401 Unauthorized” from now on,
            until you give it the new token shown next.
          </Alert>
        ) : (
          <Alert color="blue" title={`The current token keeps working for ${GRACE_LABELS[grace]}`}>
            Both {current} and the new token are accepted until then; each request is logged with
            the token it used. You can end the old token earlier from the account’s row.
          </Alert>
        )}
        <TokenExpiryField
          value={expiresAt}
          onChange={(v) => {
            setExpiresAt(v)
            setExpiryError(undefined)
          }}
          error={expiryError}
        />
        {props.account.previousToken && (
          <Text size="sm" c="dimmed">
            The previous token <code>{props.account.previousToken.display}</code> stops working now:
            only one previous token is kept.
          </Text>
        )}
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
