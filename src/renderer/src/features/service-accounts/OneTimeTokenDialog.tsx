import { Alert, Button, Checkbox, Code, Group, Modal, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { CopyValueButton } from '../../components/CopyValueButton'
import {
  selectOneTimeToken,
  useServiceAccountsStore,
  type OneTimeToken,
  type TokenReason,
} from './service-accounts.store'

const TITLES: Record<TokenReason, string> = {
  created: 'Service account created',
  reset: 'New token issued',
  undeleted: 'Service account restored with a new token',
}

/**
 * Shows a freshly issued token exactly once. It cannot be dismissed until the admin confirms
 * they copied it; closing forgets the plaintext.
 */
export function OneTimeTokenDialog() {
  const issued = useServiceAccountsStore(selectOneTimeToken)
  const clear = useServiceAccountsStore((s) => s.clearOneTimeToken)
  return (
    <Modal
      opened={issued !== null}
      onClose={() => {}}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title={issued ? TITLES[issued.reason] : ''}
      size="lg"
    >
      {issued && <TokenPanel key={issued.token} issued={issued} onClose={clear} />}
    </Modal>
  )
}

function TokenPanel(props: { issued: OneTimeToken; onClose: () => void }) {
  const [confirmed, setConfirmed] = useState(false)
  return (
    <Stack>
      <Text size="sm">
        API token for <strong>{props.issued.accountName}</strong>:
      </Text>
      <Code block aria-label="API token" style={{ wordBreak: 'break-all' }}>
        {props.issued.token}
      </Code>
      <Group>
        <CopyValueButton value={props.issued.token} label="Copy token" />
      </Group>
      <Alert color="yellow" title="This token will not be shown again">
        Store it somewhere safe now, for example in your secret manager. Tessera keeps only a hash;
        if it is lost, reset the token to issue a new one.
      </Alert>
      <Checkbox
        label="I have copied the token"
        checked={confirmed}
        onChange={(e) => setConfirmed(e.currentTarget.checked)}
      />
      <Group justify="flex-end">
        <Button disabled={!confirmed} onClick={props.onClose}>
          Close
        </Button>
      </Group>
    </Stack>
  )
}
