import { Loader, Paper, Stack, Title } from '@mantine/core'
import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { ErrorView } from '../../components/ErrorView'
import { QuotaRequestsPanel } from '../organization/QuotaRequestsPanel'
import { SecurityPanel } from '../security/SecurityPanel'
import { TeamSettings } from '../team/TeamSettings'
import { LogStreamingSettings } from '../streams/LogStreamingSettings'
import { useOrganizationStore } from '../organization/organization.store'
import { ActivityBudgetSettings } from './ActivityBudgetSettings'
import { LogProofsSettings } from './LogProofsSettings'
import { OrganizationSettings } from './OrganizationSettings'
import { StaleAccountsSettings } from './StaleAccountsSettings'
import { AccessTokensSettings, LocalApiSettings, RetentionSettings } from './SettingsForms'
import { UnsavedChangesGuard } from './unsaved-changes'

/**
 * Organization settings: name and seat limit, access tokens, the local API, activity retention,
 * administrators and their sign-in, log streaming, quota requests, and security & backups.
 */
export function SettingsPage() {
  const { overview, loadError, load } = useOrganizationStore(
    useShallow((s) => ({ overview: s.overview, loadError: s.loadError, load: s.load })),
  )
  useEffect(() => {
    void load()
  }, [load])
  if (loadError) return <ErrorView message={loadError} onRetry={() => void load()} />
  if (!overview) return <Loader aria-label="Loading settings" />
  return (
    <UnsavedChangesGuard>
      <Stack>
        <Title order={1} size="h2">
          Settings
        </Title>
        <OrganizationSettings overview={overview} />
        <AccessTokensSettings overview={overview} />
        <LocalApiSettings overview={overview} />
        <RetentionSettings overview={overview} />
        <ActivityBudgetSettings overview={overview} />
        <TeamSettings />
        <StaleAccountsSettings />
        <LogProofsSettings />
        <LogStreamingSettings />
        <Paper withBorder p="md">
          <QuotaRequestsPanel />
        </Paper>
        <Paper withBorder p="md" component="section" aria-label="Security & backups">
          <Stack>
            <Title order={2} size="h4">
              Security & backups
            </Title>
            <SecurityPanel />
          </Stack>
        </Paper>
      </Stack>
    </UnsavedChangesGuard>
  )
}
