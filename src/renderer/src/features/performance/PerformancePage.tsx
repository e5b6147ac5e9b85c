import { Loader, Stack, Text, Title } from '@mantine/core'
import { useShallow } from 'zustand/react/shallow'
import { ErrorView } from '../../components/ErrorView'
import { zoneLabel } from '../../lib/time'
import { MemberTable } from './MemberTable'
import { PerformanceCharts } from './PerformanceCharts'
import { PerformanceFilters } from './PerformanceFilters'
import { SummaryCards } from './SummaryCards'
import { usePerformanceStore } from './performance.store'
import { usePerformanceAddress } from './usePerformanceAddress'

/**
 * Member performance: what members (or the whole organization) did, how good it was and how
 * they used the API. The members, range and scope live in the address (a service account's row
 * menu opens `?members=<id>`).
 */
export function PerformancePage() {
  const { report, loading, error } = usePerformanceStore(
    useShallow((s) => ({ report: s.report, loading: s.loading, error: s.error })),
  )
  usePerformanceAddress()

  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        Member performance
      </Title>
      <PerformanceFilters />
      {error && (
        <ErrorView message={error} onRetry={() => void usePerformanceStore.getState().refresh()} />
      )}
      {loading && !report && <Loader aria-label="Loading the report" />}
      {report && (
        <Stack gap="lg" aria-busy={loading}>
          <Text size="xs" c="dimmed">
            Work counts when it was completed; an annotation’s outcome is its latest review. “--”
            means no data. Times are in {zoneLabel()}.
          </Text>
          {report.rollupPending && (
            <Text size="xs" c="dimmed" role="status">
              Figures for older API traffic are still being prepared in the background. They are
              included, but reports may take longer until that finishes.
            </Text>
          )}
          <SummaryCards members={report.members} />
          <PerformanceCharts report={report} />
          <Title order={2} size="h4">
            Figures per member
          </Title>
          <MemberTable members={report.members} />
        </Stack>
      )}
    </Stack>
  )
}
