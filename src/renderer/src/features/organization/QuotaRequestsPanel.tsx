import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { QuotaRequest } from '../../../../shared/contracts/quota.contract'
import { notifyError, notifySuccess } from '../../lib/errors'
import { formatDateTime } from '../../lib/format'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { useGo } from '../navigation/useGo'
import { useServiceAccountsStore } from '../service-accounts/service-accounts.store'
import { selectQuotaRequests, useOrganizationStore } from './organization.store'

const STATUS_COLORS = { pending: 'yellow', approved: 'teal', declined: 'gray' } as const

function DecisionButtons(props: { request: QuotaRequest }) {
  const decide = useOrganizationStore((s) => s.decideQuota)
  const [busy, setBusy] = useState<'approve' | 'decline' | null>(null)
  const run = async (d: 'approve' | 'decline') => {
    setBusy(d)
    try {
      await decide(props.request.id, d)
      notifySuccess(
        d === 'approve' ? `Approved: the quota grew by ${props.request.count}` : 'Request declined',
      )
    } catch (error) {
      notifyError(error)
    } finally {
      setBusy(null)
    }
  }
  const who = `request ${props.request.id} for ${props.request.count}`
  return (
    <Group gap="xs">
      <Button
        size="xs"
        loading={busy === 'approve'}
        onClick={() => run('approve')}
        aria-label={`Approve ${who}`}
      >
        Approve
      </Button>
      <Button
        size="xs"
        variant="default"
        loading={busy === 'decline'}
        onClick={() => run('decline')}
        aria-label={`Decline ${who}`}
      >
        Decline
      </Button>
    </Group>
  )
}

/** Requests for more service accounts; the Owner approves or declines the pending ones. */
export function QuotaRequestsPanel() {
  const requests = useOrganizationStore(selectQuotaRequests)
  const isOwner = useAuthStore(selectIsOwner)
  const navigate = useGo()
  // The request dialog lives with the service accounts, where the quota is spent.
  const requestMore = () => {
    navigate('serviceAccounts')
    useServiceAccountsStore.getState().openDialog({ kind: 'requestQuota' })
  }
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Service-account quota requests
      </Title>
      {requests.length === 0 ? (
        <Group gap="sm">
          <Text size="sm" c="dimmed">
            No requests yet. Ask for more service accounts when the included ones run out.
          </Text>
          <Button size="xs" variant="light" onClick={requestMore}>
            Request additional service accounts
          </Button>
        </Group>
      ) : (
        <Table aria-label="Quota requests" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Requested</Table.Th>
              <Table.Th>Count</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Decision</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {requests.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Text size="sm">{r.requestedBy.name}</Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(r.requestedAt)}
                  </Text>
                </Table.Td>
                <Table.Td>{r.count}</Table.Td>
                <Table.Td>{r.reason}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[r.status]} variant="light" miw="max-content">
                    {r.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {r.status === 'pending' ? (
                    isOwner ? (
                      <DecisionButtons request={r} />
                    ) : (
                      <Text size="xs" c="dimmed">
                        Waiting for the Owner
                      </Text>
                    )
                  ) : (
                    <Text size="xs" c="dimmed">
                      {r.decidedBy?.name ?? ''} {formatDateTime(r.decidedAt)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
