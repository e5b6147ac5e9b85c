import { SimpleGrid } from '@mantine/core'
import { memo, useMemo } from 'react'
import type { PerformanceReport } from '../../../../shared/contracts/performance.contract'
import { ChartFigure } from './ChartFigure'
import { ChartPanels } from './ChartPanels'
import { endpointsChart, requestsChart, statesChart, statusChart, timeChart } from './chart-data'

/**
 * The dashboard's charts. With several members each member has one colour in every chart, and
 * a chart of several measures becomes small charts, one per measure, so each key lists only the
 * members. Drawn again only for a new report: the page's loading flag or the filters do not
 * touch them.
 */
export const PerformanceCharts = memo(function PerformanceCharts(props: {
  report: PerformanceReport
}) {
  const r = props.report
  const [states, time, requests, status, endpoints] = useMemo(
    () =>
      [statesChart(r), timeChart(r), requestsChart(r), statusChart(r), endpointsChart(r)] as const,
    [r],
  )
  // Compared members' days are drawn as lines (see ChartPanels), and their keys show lines.
  const many = r.members.length > 1
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartFigure
        title="Annotation states over time"
        table={states.table}
        legend={states.legend}
        legendLines={many}
      >
        {(size) => <ChartPanels view={states} kind="bars" {...size} stacked />}
      </ChartFigure>
      <ChartFigure
        title="Time spent per day"
        table={time.table}
        legend={time.legend}
        legendLines={many}
      >
        {(size) => <ChartPanels view={time} kind="bars" {...size} stacked integer={false} />}
      </ChartFigure>
      <ChartFigure
        title="Requests and errors over time"
        table={requests.table}
        legend={requests.legend}
        legendLines
      >
        {(size) => <ChartPanels view={requests} kind="lines" {...size} />}
      </ChartFigure>
      <ChartFigure
        title="Status breakdown (API responses)"
        table={status.table}
        legend={status.legend}
      >
        {(size) => <ChartPanels view={status} kind="counts" {...size} />}
      </ChartFigure>
      <ChartFigure
        title="Top endpoints"
        table={endpoints.table}
        legend={endpoints.legend}
        height={280}
      >
        {(size) => <ChartPanels view={endpoints} kind="counts" {...size} />}
      </ChartFigure>
    </SimpleGrid>
  )
})
