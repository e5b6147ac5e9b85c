import { Text } from '@mantine/core'
import { useMemo } from 'react'
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
import { formatDay } from '../../lib/time'
import { niceTicks, spacedTicks, type ChartView, type Panel } from './chart-data'
import css from './Charts.module.css'

// Animations off: the dashboard should be readable the moment the data arrives.
const still = { isAnimationActive: false } as const

// One formatter for every tick: building one is the expensive part.
const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 })
const formatNumber = (v: unknown) => (typeof v === 'number' ? numbers.format(v) : String(v))
const formatDayLabel = (v: unknown) => formatDay(String(v))
const formatCategory = (x: string) => (x === 'date' ? formatDayLabel : String)

/**
 * An axis label as plain SVG text. Recharts' default label component measures its words in the
 * page (to wrap them), a forced layout per new label; these labels are short and never wrap.
 */
const axisLabel = (format: (v: unknown) => string) =>
  function AxisLabel(p: BaseTickContentProps) {
    return (
      <text
        x={p.x}
        y={p.y}
        // Below the axis the label hangs from its point; beside it, it is centred on it.
        dy={p.verticalAnchor === 'middle' ? '0.355em' : '0.71em'}
        textAnchor={p.textAnchor}
        fontSize={11}
        className={css.tick}
      >
        {format(p.payload.value)}
      </text>
    )
  }

// Made once: recharts redraws an axis whose settings change.
const dayTick = axisLabel(formatDayLabel)
const textTick = axisLabel(String)
const numberTick = axisLabel(formatNumber)

/**
 * Every axis shows all the ticks it is given (`interval={0}`): otherwise recharts measures each
 * label in the page to decide which fit, forcing a layout per label while the chart renders.
 * So the date axes get few enough ticks to fit, and the margins leave room for the labels at
 * the ends (half a date label on the right, half a line of text at the top).
 */
const MARGIN = { top: 8, right: 24, bottom: 0, left: 0 }
/** Room for one date label ("29 Nov" at 11 px) and the gap to the next. */
const DATE_LABEL_PX = 64
/** The value axis' width plus the chart's right margin. */
const VALUE_AXIS_PX = 48
const PLOT_INSET = VALUE_AXIS_PX + MARGIN.right
/** Horizontal bars: room for the categories on the left, a count after the longest bar. */
const VERTICAL_MARGIN = { ...MARGIN, right: 48, left: 8 }
/** The height of one small chart when a figure holds several. */
const PANEL_HEIGHT = 130
const PANEL_GAP = 12

/** One plain rectangle per bar: recharts' default shape is several components per bar. */
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

/** A horizontal bar with its count written after it, so a count of 61 next to 4,000 still reads. */
function countedBar(p: BarShapeProps) {
  if (!p.width || !p.height) return null
  const value = Array.isArray(p.value) ? p.value[1] - p.value[0] : p.value
  if (!value) return null
  return (
    <g>
      {plainBar(p)}
      <text
        x={p.x + Math.abs(p.width) + 4}
        y={p.y + p.height / 2}
        dy="0.355em"
        fontSize={11}
        className={css.count}
      >
        {numbers.format(value)}
      </text>
    </g>
  )
}

/** At least 3 px for any count above zero; nothing for zero. */
const visibleCount = (value: unknown) => (Number(value) > 0 ? 3 : 0)

/** The largest value the panel's value axis must reach (a stack's total when stacked). */
function panelMax(view: ChartView, panel: Panel, stacked: boolean): number {
  let max = 0
  for (const d of view.data) {
    const totals = new Map<string, number>()
    for (const s of panel.series) {
      const v = Number(d[s.key]) || 0
      if (stacked) totals.set(s.stack, (totals.get(s.stack) ?? 0) + v)
      else max = Math.max(max, v)
    }
    for (const t of totals.values()) max = Math.max(max, t)
  }
  return max
}

const tooltipStyle = {
  background: 'var(--mantine-color-body)',
  borderColor: 'var(--mantine-color-default-border)',
}

function PanelChart(props: {
  view: ChartView
  panel: Panel
  kind: 'bars' | 'lines' | 'counts'
  width: number
  height: number
  stacked: boolean
  integer: boolean
}) {
  const { view, panel, kind } = props
  const x = view.x
  const dateTicks = useMemo(
    () =>
      x === 'date'
        ? spacedTicks(
            view.data.map((d) => String(d[x])),
            Math.floor((props.width - PLOT_INSET) / DATE_LABEL_PX),
          )
        : undefined,
    [view, x, props.width],
  )
  // A series with nothing to draw (a compared member without that kind of work) would still
  // cost recharts a handful of components per category, for no visible bar.
  const drawn = useMemo(
    () => panel.series.filter((s) => view.data.some((d) => d[s.key] !== 0)),
    [view, panel],
  )
  const values = useMemo(
    () => niceTicks(panelMax(view, panel, props.stacked), 4, props.integer),
    [view, panel, props.stacked, props.integer],
  )
  const domain: [number, number] = [0, values.at(-1)!]
  const category = x === 'date' ? dayTick : textTick
  const value = numberTick
  const grid = <CartesianGrid strokeDasharray="3 3" />
  const tooltip = (
    <Tooltip
      contentStyle={tooltipStyle}
      labelFormatter={formatCategory(x)}
      formatter={formatNumber}
    />
  )
  if (kind === 'lines')
    return (
      <LineChart width={props.width} height={props.height} data={view.data} margin={MARGIN}>
        {grid}
        <XAxis dataKey={x} tick={category} interval={0} ticks={dateTicks} />
        <YAxis tick={value} ticks={values} domain={domain} interval={0} width={VALUE_AXIS_PX} />
        {tooltip}
        {panel.series.map((s) => (
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
  const vertical = kind === 'counts' || x === 'endpoint'
  return (
    <BarChart
      width={props.width}
      height={props.height}
      data={view.data}
      layout={vertical ? 'vertical' : 'horizontal'}
      margin={vertical ? VERTICAL_MARGIN : MARGIN}
    >
      {grid}
      {vertical ? (
        <XAxis type="number" tick={value} ticks={values} domain={domain} interval={0} />
      ) : (
        <XAxis dataKey={x} tick={category} interval={0} ticks={dateTicks} />
      )}
      {vertical ? (
        <YAxis
          type="category"
          dataKey={x}
          tick={category}
          width={x === 'endpoint' ? 150 : 48}
          interval={0}
        />
      ) : (
        <YAxis tick={value} ticks={values} domain={domain} interval={0} width={VALUE_AXIS_PX} />
      )}
      {tooltip}
      {drawn.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          fill={s.color}
          stackId={props.stacked ? s.stack : undefined}
          shape={kind === 'counts' ? countedBar : plainBar}
          // Any count above zero gets a bar that can be seen, however large the others.
          minPointSize={kind === 'counts' ? visibleCount : undefined}
          {...still}
        />
      ))}
    </BarChart>
  )
}

/**
 * A figure's chart: one chart, or with compared members small charts side by side (one per
 * measure, each with a line or bar per member), each with its own round-numbered value axis.
 */
export function ChartPanels(props: {
  view: ChartView
  kind: 'bars' | 'lines' | 'counts'
  width: number
  height: number
  stacked?: boolean
  /** Values are whole numbers (counts), so no tick falls between them. */
  integer?: boolean
}) {
  const { view } = props
  const several = view.panels.length > 1
  // Daily bars of five members side by side in a small chart would be slivers: lines instead.
  const kind = several && view.x === 'date' ? 'lines' : props.kind
  const columns = several ? (props.width >= 420 ? 2 : 1) : 1
  const width = Math.floor((props.width - PANEL_GAP * (columns - 1)) / columns)
  const panelProps = {
    view,
    kind,
    width,
    stacked: !several && !!props.stacked,
    integer: props.integer ?? true,
  }
  if (!several)
    return (
      <div className={css.chart}>
        <PanelChart {...panelProps} panel={view.panels[0]!} height={props.height} />
      </div>
    )
  return (
    <div
      className={`${css.chart} ${css.panels}`}
      style={{ gridTemplateColumns: `repeat(${columns}, ${width}px)`, gap: PANEL_GAP }}
    >
      {view.panels.map((p) => (
        <div key={p.title} data-panel={p.title}>
          <Text size="xs" fw={600} mb={2}>
            {p.title}
          </Text>
          <PanelChart {...panelProps} panel={p} height={PANEL_HEIGHT} />
        </div>
      ))}
    </div>
  )
}
