import { Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { ErrorView } from '../../components/ErrorView'
import { formatDate } from '../../lib/format'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { useGo } from '../navigation/useGo'
import { ExpiringTokensNotice } from '../service-accounts/ExpiringTokensNotice'
import { quotaText } from '../service-accounts/QuotaSummary'
import { selectAccounts, useServiceAccountsStore } from '../service-accounts/service-accounts.store'
import { FailingStreamsAlert } from '../streams/LogStreamingSettings'
import { ActivityLogSizeAlert } from './ActivityLogSizeAlert'
import { QuotaRequestsPanel } from './QuotaRequestsPanel'
import { useOrganizationStore } from './organization.store'

function Stat(props: { label: string; value: string; note?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {props.label}
      </Text>
      <Text size="lg" fw={600}>
        {props.value}
      </Text>
      {props.note && (
        <Text size="xs" c="dimmed">
          {props.note}
        </Text>
      )}
    </Paper>
  )
}

/** The organization at a glance: seats, service-account quota and pending requests. */
export function OrganizationPage() {
  const { overview, loadError, load } = useOrganizationStore(
    useShallow((s) => ({ overview: s.overview, loadError: s.loadError, load: s.load })),
  )
  const isOwner = useAuthStore(selectIsOwner)
  const navigate = useGo()
  const accounts = useServiceAccountsStore(selectAccounts)
  const loadAccounts = useServiceAccountsStore((s) => s.load)
  useEffect(() => {
    void load()
    void loadAccounts()
  }, [load, loadAccounts])

  if (loadError) return <ErrorView message={loadError} onRetry={() => void load()} />
  if (!overview) return <Loader aria-label="Loading the organization" />
  return (
    <Stack>
      <div>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {overview.title}
          </Title>
          <Button variant="default" onClick={() => navigate('settings')}>
            Edit name and seats
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Owner: {overview.owner ? `${overview.owner.name} (${overview.owner.email})` : 'none'} ·
          created {formatDate(overview.createdAt)}
        </Text>
      </div>
      <ActivityLogSizeAlert size={overview.activityLog} />
      <ExpiringTokensNotice accounts={accounts} />
      <FailingStreamsAlert onOpenSettings={() => navigate('settings')} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat
          label="Seats"
          value={`${overview.seatsUsed} of ${overview.seatLimit} seats used`}
          note="People only; service accounts do not use seats."
        />
        <Stat label="Service accounts" value={quotaText(overview)} />
        <Stat
          label="Quota requests"
          value={`${overview.pendingQuotaRequests} pending`}
          note={
            isOwner
              ? 'As the Owner you approve or decline them below.'
              : 'The Owner approves or declines them.'
          }
        />
      </SimpleGrid>
      <QuotaRequestsPanel />
    </Stack>
  )
}
