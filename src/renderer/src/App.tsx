import { Center, Loader } from '@mantine/core'
import { Suspense, lazy } from 'react'
import { AuthGate } from './features/auth/AuthGate'
import { ActivityLogPage } from './features/activity/ActivityLogPage'
import { MembersPage } from './features/members/MembersPage'
import {
  selectPage,
  selectParams,
  useNavigationStore,
} from './features/navigation/navigation.store'
import { OrganizationPage } from './features/organization/OrganizationPage'
import { ServiceAccountsPage } from './features/service-accounts/ServiceAccountsPage'
import { SettingsPage } from './features/settings/SettingsPage'
import { WorkspacesPage } from './features/workspaces/WorkspacesPage'
import { AppLayout } from './components/AppLayout'
import { ErrorBoundary } from './components/ErrorBoundary'

// The dashboard carries the charting library: load it when it is first opened.
const PerformancePage = lazy(() =>
  import('./features/performance/PerformancePage').then((m) => ({ default: m.PerformancePage })),
)

function CurrentPage() {
  const page = useNavigationStore(selectPage)
  const params = useNavigationStore(selectParams)
  switch (page) {
    case 'organization':
      return <OrganizationPage />
    case 'members':
      return <MembersPage />
    case 'serviceAccounts':
      return <ServiceAccountsPage />
    case 'workspaces':
      return <WorkspacesPage />
    case 'activity':
      return <ActivityLogPage userId={params.userId} />
    case 'performance':
      return <PerformancePage userId={params.userId} />
    case 'settings':
      return <SettingsPage />
  }
}

/** The shell with the current screen; a broken screen shows an error view, not a blank app. */
export function AdminShell() {
  const page = useNavigationStore(selectPage)
  const params = useNavigationStore(selectParams)
  return (
    <AppLayout>
      <ErrorBoundary key={`${page}:${params.userId ?? ''}`}>
        <Suspense
          fallback={
            <Center p="xl">
              <Loader aria-label="Loading" />
            </Center>
          }
        >
          <CurrentPage />
        </Suspense>
      </ErrorBoundary>
    </AppLayout>
  )
}

/** The admin app: sign-in (in a browser), then the shell. */
export function App() {
  return (
    <AuthGate>
      <AdminShell />
    </AuthGate>
  )
}
