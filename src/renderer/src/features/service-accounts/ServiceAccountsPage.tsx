import { Alert, Button, Group, Loader, Paper, Stack, Switch, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import { useShallow } from 'zustand/react/shallow'
import { EmptyState } from '../../components/EmptyState'
import { ErrorView } from '../../components/ErrorView'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { LeakCheckDialog } from '../security/LeakCheckDialog'
import {
  selectOverview,
  selectQuotaFull,
  useOrganizationStore,
} from '../organization/organization.store'
import { QuotaSummary } from './QuotaSummary'
import { quotaActionLabel } from './RequestQuotaDialog'
import { ServiceAccountDialogs } from './ServiceAccountDialogs'
import { ExpiringTokensNotice } from './ExpiringTokensNotice'
import { ServiceAccountsTable } from './ServiceAccountsTable'
import { useServiceAccountsStore } from './service-accounts.store'

const QUOTA_NOTE_ID = 'service-account-quota-full'

function QuotaFullNote(props: { onRequest: () => void }) {
  const isOwner = useAuthStore(selectIsOwner)
  return (
    <Alert color="orange" id={QUOTA_NOTE_ID} title="Every included service account is in use">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {isOwner ? 'Raise the quota' : 'Ask the Owner for more'}, or delete a service account you
          no longer need (deleted accounts free their slot; deactivated ones keep it).
        </Text>
        <Button size="xs" color="orange" onClick={props.onRequest}>
          {quotaActionLabel(isOwner)}
        </Button>
      </Stack>
    </Alert>
  )
}

/** The service accounts: quota, the table with its row menus, and every dialog they open. */
export function ServiceAccountsPage() {
  const isOwner = useAuthStore(selectIsOwner)
  const [params] = useSearchParams()
  const highlightId = Number(params.get('account')) || null
  const { accounts, showDeleted, loading, loadError, load, setShowDeleted, openDialog } =
    useServiceAccountsStore(
      useShallow((s) => ({
        accounts: s.accounts,
        showDeleted: s.showDeleted,
        loading: s.loading,
        loadError: s.loadError,
        load: s.load,
        setShowDeleted: s.setShowDeleted,
        openDialog: s.openDialog,
      })),
    )
  const overview = useOrganizationStore(selectOverview)
  const quotaFull = useOrganizationStore(selectQuotaFull)
  const loadOrg = useOrganizationStore((s) => s.load)
  const [leakCheck, setLeakCheck] = useState(false)

  useEffect(() => {
    void load()
    void loadOrg()
  }, [load, loadOrg])

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Service accounts
        </Title>
        <Group>
          <Button variant="default" onClick={() => setLeakCheck(true)}>
            Check for leaked tokens
          </Button>
          {!quotaFull && (
            <Button variant="default" onClick={() => openDialog({ kind: 'requestQuota' })}>
              {quotaActionLabel(isOwner)}
            </Button>
          )}
          <Button
            onClick={() => openDialog({ kind: 'create' })}
            disabled={quotaFull}
            aria-describedby={quotaFull ? QUOTA_NOTE_ID : undefined}
          >
            Create service account
          </Button>
        </Group>
      </Group>
      <Text c="dimmed" size="sm">
        API-only identities for scripts and integrations. They cannot sign in to any user interface
        and do not use license seats.
      </Text>
      {overview && (
        <Paper withBorder p="md">
          <QuotaSummary overview={overview} />
        </Paper>
      )}
      <ExpiringTokensNotice accounts={accounts} />
      {quotaFull && <QuotaFullNote onRequest={() => openDialog({ kind: 'requestQuota' })} />}
      <Switch
        label="Show deleted"
        checked={showDeleted}
        onChange={(e) => void setShowDeleted(e.currentTarget.checked)}
      />
      {loadError ? (
        <ErrorView message={loadError} onRetry={() => void load()} />
      ) : accounts.length === 0 ? (
        loading ? (
          <Loader aria-label="Loading service accounts" />
        ) : (
          <EmptyState
            title="No service accounts yet"
            message="A service account gives a script or integration its own API token, role and projects, without using a seat."
            action={
              // When the quota is used up, the note above already offers the request.
              !quotaFull && (
                <Button onClick={() => openDialog({ kind: 'create' })}>
                  Create your first service account
                </Button>
              )
            }
          />
        )
      ) : (
        <ServiceAccountsTable accounts={accounts} highlightId={highlightId} />
      )}
      <ServiceAccountDialogs />
      <LeakCheckDialog opened={leakCheck} onClose={() => setLeakCheck(false)} />
    </Stack>
  )
}
