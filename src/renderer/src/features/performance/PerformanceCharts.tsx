import { SimpleGrid } from '@mantine/core'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { PerformanceReport } from '../../../../shared/contracts/performance.contract'
import { ChartFigure } from './ChartFigure'
import {
  endpointsChart,
  requestsChart,
  statesChart,
  statusChart,
  timeChart,
  type ChartModel,
} from './chart-data'

// Animations off: the dashboard should be readable the moment the data arrives.
const still = { isAnimationActive: false } as const

function Bars(props: {
  model: ChartModel
  width: number
  height: number
  stacked?: boolean
  vertical?: boolean
}) {
  const { model } = props
  return (
    <BarChart
      width={props.width}
      height={props.height}
      data={model.data}
      layout={props.vertical ? 'vertical' : 'horizontal'}
      margin={{ left: props.vertical ? 80 : 0, right: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" />
      {props.vertical ? (
        <XAxis type="number" allowDecimals={false} />
      ) : (
        <XAxis dataKey={model.x} tick={{ fontSize: 11 }} />
      )}
      {props.vertical ? (
        <YAxis type="category" dataKey={model.x} tick={{ fontSize: 11 }} width={150} />
      ) : (
        <YAxis tick={{ fontSize: 11 }} />
      )}
      <Tooltip />
      <Legend />
      {model.series.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          fill={s.color}
          stackId={props.stacked ? s.stack : undefined}
          {...still}
        />
      ))}
    </BarChart>
  )
}

/** The dashboard's charts; with several members each member gets its own stack or line. */
export function PerformanceCharts(props: { report: PerformanceReport }) {
  const r = props.report
  const states = statesChart(r)
  const time = timeChart(r)
  const requests = requestsChart(r)
  const status = statusChart(r)
  const endpoints = endpointsChart(r)
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartFigure title="Annotation states over time" table={states.table}>
        {(size) => <Bars model={states} {...size} stacked />}
      </ChartFigure>
      <ChartFigure title="Time spent per day" table={time.table}>
        {(size) => <Bars model={time} {...size} stacked />}
      </ChartFigure>
      <ChartFigure title="Requests and errors over time" table={requests.table}>
        {(size) => (
          <LineChart width={size.width} height={size.height} data={requests.data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
            <Tooltip />
            <Legend />
            {requests.series.map((s) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                strokeDasharray={s.dashed ? '5 3' : undefined}
                dot={false}
                {...still}
              />
            ))}
          </LineChart>
        )}
      </ChartFigure>
      <ChartFigure title="Status breakdown (API responses)" table={status.table}>
        {(size) => <Bars model={status} {...size} />}
      </ChartFigure>
      <ChartFigure title="Top endpoints" table={endpoints.table} height={280}>
        {(size) => <Bars model={endpoints} {...size} vertical />}
      </ChartFigure>
    </SimpleGrid>
  )
}
