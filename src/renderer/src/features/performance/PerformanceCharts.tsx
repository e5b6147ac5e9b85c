import { SimpleGrid } from '@mantine/core'
import { memo, useMemo } from 'react'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
  type BaseTickContentProps,
} from 'recharts'
import type { PerformanceReport } from '../../../../shared/contracts/performance.contract'
import { ChartFigure } from './ChartFigure'
import {
  endpointsChart,
  requestsChart,
  spacedTicks,
  statesChart,
  statusChart,
  timeChart,
  type ChartModel,
} from './chart-data'

// Animations off: the dashboard should be readable the moment the data arrives.
const still = { isAnimationActive: false } as const

/**
 * An axis label as plain SVG text. Recharts' default label component measures its words in the
 * page (to wrap them), a forced layout per new label; these labels are short and never wrap.
 */
function axisLabel(p: BaseTickContentProps) {
  return (
    <text
      x={p.x}
      y={p.y}
      // Below the axis the label hangs from its point; beside it, it is centred on it.
      dy={p.verticalAnchor === 'middle' ? '0.355em' : '0.71em'}
      textAnchor={p.textAnchor}
      fill={p.fill}
      fontSize={11}
      className={p.className}
    >
      {String(p.payload.value)}
    </text>
  )
}

/**
 * Every axis shows all the ticks it is given (`interval={0}`): otherwise recharts measures each
 * label in the page to decide which fit, forcing a layout per label while the chart renders.
 * So the date axes get few enough ticks to fit, and the margins leave room for the labels at
 * the ends (half a date label on the right, half a line of text at the top).
 */
const MARGIN = { top: 8, right: 32, bottom: 0, left: 0 }
/** Room for one date label ("2026-11-29" at 11 px) and the gap to the next. */
const DATE_LABEL_PX = 80
/** The value axis' default width plus the chart's right margin. */
const PLOT_INSET = 60 + MARGIN.right
/** The endpoint chart: room for the paths on the left, a number's half on the right. */
const VERTICAL_MARGIN = { ...MARGIN, right: 20, left: 80 }

/**
 * Date labels evenly spaced to fit the width, the newest always shown; the same array while
 * the chart and width stay (recharts stores the axis settings and redraws when they change).
 */
const useDateTicks = (model: ChartModel, width: number) =>
  useMemo(
    () =>
      model.x === 'date'
        ? spacedTicks(
            model.data.map((d) => String(d[model.x])),
            Math.floor((width - PLOT_INSET) / DATE_LABEL_PX),
          )
        : undefined,
    [model, width],
  )

/**
 * One plain rectangle per bar. Recharts' default bar shape (rounded corners, animation, event
 * wiring) is several components per bar, and 90 days of five stacked states are 450 bars.
 */
function plainBar(p: BarShapeProps) {
  if (!p.width || !p.height) return null
  return (
    <rect
      x={Math.min(p.x, p.x + p.width)}
      y={Math.min(p.y, p.y + p.height)}
      width={Math.abs(p.width)}
      height={Math.abs(p.height)}
      fill={p.fill}
    />
  )
}

function Bars(props: {
  model: ChartModel
  width: number
  height: number
  stacked?: boolean
  vertical?: boolean
}) {
  const { model } = props
  const ticks = useDateTicks(model, props.width)
  // A series with nothing to draw (a compared member without that kind of work) would still
  // cost recharts a handful of components per category, for no visible bar.
  const drawn = useMemo(
    () => model.series.filter((s) => model.data.some((d) => d[s.key] !== 0)),
    [model],
  )
  return (
    <BarChart
      width={props.width}
      height={props.height}
      data={model.data}
      layout={props.vertical ? 'vertical' : 'horizontal'}
      margin={props.vertical ? VERTICAL_MARGIN : MARGIN}
    >
      <CartesianGrid strokeDasharray="3 3" />
      {props.vertical ? (
        <XAxis type="number" allowDecimals={false} tick={axisLabel} interval={0} />
      ) : (
        <XAxis dataKey={model.x} tick={axisLabel} interval={0} ticks={ticks} />
      )}
      {props.vertical ? (
        <YAxis type="category" dataKey={model.x} tick={axisLabel} width={150} interval={0} />
      ) : (
        <YAxis tick={axisLabel} interval={0} />
      )}
      <Tooltip />
      {drawn.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          fill={s.color}
          stackId={props.stacked ? s.stack : undefined}
          shape={plainBar}
          {...still}
        />
      ))}
    </BarChart>
  )
}

function Lines(props: { model: ChartModel; width: number; height: number }) {
  const { model } = props
  const ticks = useDateTicks(model, props.width)
  return (
    <LineChart width={props.width} height={props.height} data={model.data} margin={MARGIN}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey={model.x} tick={axisLabel} interval={0} ticks={ticks} />
      <YAxis tick={axisLabel} allowDecimals={false} interval={0} />
      <Tooltip />
      {model.series.map((s) => (
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
  )
}

/**
 * The dashboard's charts; with several members each member gets its own stack or line. Drawn
 * again only for a new report: the page's loading flag or the filters do not touch them.
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
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartFigure title="Annotation states over time" table={states.table} legend={states.series}>
        {(size) => <Bars model={states} {...size} stacked />}
      </ChartFigure>
      <ChartFigure title="Time spent per day" table={time.table} legend={time.series}>
        {(size) => <Bars model={time} {...size} stacked />}
      </ChartFigure>
      <ChartFigure
        title="Requests and errors over time"
        table={requests.table}
        legend={requests.series}
        legendLines
      >
        {(size) => <Lines model={requests} {...size} />}
      </ChartFigure>
      <ChartFigure
        title="Status breakdown (API responses)"
        table={status.table}
        legend={status.series}
      >
        {(size) => <Bars model={status} {...size} />}
      </ChartFigure>
      <ChartFigure
        title="Top endpoints"
        table={endpoints.table}
        legend={endpoints.series}
        height={280}
      >
        {(size) => <Bars model={endpoints} {...size} vertical />}
      </ChartFigure>
    </SimpleGrid>
  )
})
