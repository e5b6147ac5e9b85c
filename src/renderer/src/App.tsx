import { Anchor, Center, Loader, Stack, Text, Title } from '@mantine/core'
import { Suspense, lazy, useEffect, useState } from 'react'
import { Link, Outlet, RouterProvider, createHashRouter, useLocation } from 'react-router'
import { AuthGate } from './features/auth/AuthGate'
import { ActivityLogPage } from './features/activity/ActivityLogPage'
import { MembersPage } from './features/members/MembersPage'
import { pageOf, PAGE_PATHS, titleFor } from './features/navigation/screens'
import { OrganizationPage } from './features/organization/OrganizationPage'
import { ServiceAccountsPage } from './features/service-accounts/ServiceAccountsPage'
import { SettingsPage } from './features/settings/SettingsPage'
import { WorkspacesPage } from './features/workspaces/WorkspacesPage'
import { AppLayout } from './components/AppLayout'
import { ErrorBoundary } from './components/ErrorBoundary'

// The dashboard carries the charting library: its own chunk, kept out of the first load.
const loadPerformancePage = () => import('./features/performance/PerformancePage')
const PerformancePage = lazy(() =>
  loadPerformancePage().then((m) => ({ default: m.PerformancePage })),
)

/**
 * Once the shell is on screen and the browser is idle, fetch and run the dashboard's chunk, so
 * a first visit to Performance waits for its data only. Not under test: jsdom would load the
 * charting library into every shell test.
 */
function usePreloadScreens() {
  useEffect(() => {
    if (import.meta.env.MODE === 'test') return
    const load = () => void loadPerformancePage().catch(() => {})
    if (typeof window.requestIdleCallback !== 'function') {
      const t = setTimeout(load, 500)
      return () => clearTimeout(t)
    }
    const id = window.requestIdleCallback(load, { timeout: 2000 })
    return () => window.cancelIdleCallback(id)
  }, [])
}

function NotFoundPage() {
  return (
    <Stack>
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text>
        Tessera has no screen at this address.{' '}
        <Anchor component={Link} to={PAGE_PATHS.organization}>
          Go to Organization
        </Anchor>
      </Text>
    </Stack>
  )
}

/** The shell around the current screen; the window title names the screen. */
function ShellFrame() {
  const { pathname } = useLocation()
  const page = pageOf(pathname)
  usePreloadScreens()
  useEffect(() => {
    document.title = titleFor(page)
  }, [page])
  return (
    <AppLayout current={page}>
      {/* A broken screen shows an error view, not a blank app; another screen starts afresh. */}
      <ErrorBoundary key={pathname}>
        <Suspense
          fallback={
            <Center p="xl">
              <Loader aria-label="Loading" />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </ErrorBoundary>
    </AppLayout>
  )
}

const routes = [
  {
    element: <ShellFrame />,
    children: [
      { index: true, element: <OrganizationPage /> },
      { path: PAGE_PATHS.members, element: <MembersPage /> },
      { path: PAGE_PATHS.serviceAccounts, element: <ServiceAccountsPage /> },
      { path: PAGE_PATHS.workspaces, element: <WorkspacesPage /> },
      { path: PAGE_PATHS.activity, element: <ActivityLogPage /> },
      { path: PAGE_PATHS.performance, element: <PerformancePage /> },
      { path: PAGE_PATHS.settings, element: <SettingsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]

/**
 * The shell with the screen the address names. Hash addresses (`#/activity?user=12`) work the
 * same over file:// in the desktop app and over HTTP in serve mode, and Back/Forward move
 * between screens.
 */
export function AdminShell() {
  // One router per mounted shell: it reads the address it starts on.
  const [router] = useState(() => createHashRouter(routes))
  return <RouterProvider router={router} />
}

/** The admin app: sign-in (in a browser), then the shell. */
export function App() {
  return (
    <AuthGate>
      <AdminShell />
    </AuthGate>
  )
}
