import { Button, Code, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { notifyError } from '../../lib/errors'
import { formatDateTime } from '../../lib/format'
import { useServiceAccountsStore } from './service-accounts.store'

/** The token a reset replaced, while its grace period runs, with "End now". */
export function PreviousToken(props: { account: ServiceAccount }) {
  const previous = props.account.previousToken!
  const endGrace = useServiceAccountsStore((s) => s.endGrace)
  const [busy, setBusy] = useState(false)
  const end = async () => {
    setBusy(true)
    try {
      await endGrace(props.account.userId)
    } catch (error) {
      notifyError(error, 'The previous token was not ended')
    } finally {
      setBusy(false)
    }
  }
  return (
    // The token column keeps its text on one line; this note wraps instead of overflowing it.
    <Stack gap={2} mt={4} style={{ whiteSpace: 'normal' }}>
      <Text size="xs" c="orange.8">
        previous token <Code fz="xs">{previous.display}</Code> valid until{' '}
        {formatDateTime(previous.validUntil)}
      </Text>
      <Button
        size="compact-xs"
        variant="light"
        color="orange"
        loading={busy}
        onClick={end}
        aria-label={`End the previous token of ${props.account.name} now`}
        w="max-content"
      >
        End now
      </Button>
    </Stack>
  )
}
