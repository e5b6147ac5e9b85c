import { Card, Group, Switch, Table, Text, VisuallyHidden } from '@mantine/core'
import { memo, useCallback, useId, useState, type ReactNode } from 'react'

export interface TableData {
  columns: string[]
  rows: (string | number)[][]
}

export interface LegendItem {
  label: string
  color: string
  dashed?: boolean
}

const FALLBACK_WIDTH = 560
/** Room the legend takes below the chart, out of the figure's height. */
const LEGEND_HEIGHT = 24

/**
 * The width of the element, read when it is attached (before the first paint, so a chart is
 * drawn once at its real size, not at a guess and again when a ResizeObserver reports), then
 * following resizes. jsdom has no layout: there it is the fallback.
 */
function useWidth() {
  const [width, setWidth] = useState<number | null>(null)
  const ref = useCallback((el: HTMLDivElement | null) => {
    if (!el) return
    const measured = Math.floor(el.getBoundingClientRect().width)
    setWidth(measured > 0 ? measured : FALLBACK_WIDTH)
    if (typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 0)
      if (w > 0) setWidth(w)
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  return { ref, width }
}

/** The table shown with "Show as table". */
export function DataTable(props: { caption: string; data: TableData }) {
  return (
    <Table striped withTableBorder fz="sm">
      <caption>{props.caption}</caption>
      <Table.Thead>
        <Table.Tr>
          {props.data.columns.map((c) => (
            <Table.Th key={c} scope="col">
              {c}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.data.rows.map((r, i) => (
          <Table.Tr key={i}>
            {r.map((v, j) =>
              j === 0 ? (
                <Table.Th key={j} scope="row">
                  {v}
                </Table.Th>
              ) : (
                <Table.Td key={j}>{v}</Table.Td>
              ),
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

/**
 * The same table as plain markup, for screen readers only: nobody sees it, and a styled table
 * component per cell (hundreds of cells for 90 days, in five tables) took about a third of the
 * time the dashboard needed to draw.
 */
const ScreenReaderTable = memo(function ScreenReaderTable(props: {
  caption: string
  data: TableData
}) {
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.data.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.data.rows.map((r, i) => (
          <tr key={i}>
            {r.map((v, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {v}
                </th>
              ) : (
                <td key={j}>{v}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
})

/**
 * The chart's key, drawn beside it rather than inside: a legend inside the chart is measured
 * after it is drawn and then makes the whole chart lay itself out again.
 */
function ChartLegend(props: { items: LegendItem[]; lines?: boolean }) {
  return (
    <Group gap="xs" justify="center" mt={4} data-legend>
      {props.items.map((s) => (
        <Group key={s.label} gap={4} wrap="nowrap" data-legend-color={s.color}>
          <span
            style={
              props.lines
                ? { width: 14, borderTop: `2px ${s.dashed ? 'dashed' : 'solid'} ${s.color}` }
                : { width: 10, height: 10, background: s.color }
            }
          />
          <Text size="xs">{s.label}</Text>
        </Group>
      ))}
    </Group>
  )
}

/**
 * One chart with its data as a table: the table is always in the page for screen readers
 * (visually hidden) and can be shown instead of the chart with "Show as table".
 */
export function ChartFigure(props: {
  title: string
  table: TableData
  legend?: LegendItem[]
  /** Legend keys drawn as lines (a line chart) instead of squares. */
  legendLines?: boolean
  height?: number
  children: (size: { width: number; height: number }) => ReactNode
}) {
  const [asTable, setAsTable] = useState(false)
  const { ref, width } = useWidth()
  const titleId = useId()
  const height = (props.height ?? 240) - (props.legend ? LEGEND_HEIGHT : 0)
  const empty = props.table.rows.length === 0
  return (
    <Card withBorder padding="sm" component="figure" aria-labelledby={titleId} m={0}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} id={titleId} component="figcaption">
          {props.title}
        </Text>
        <Switch
          size="xs"
          label="Show as table"
          checked={asTable}
          onChange={(e) => setAsTable(e.currentTarget.checked)}
        />
      </Group>
      {/* Measured whichever view is shown, so switching back draws at the right width. */}
      <div ref={ref}>
        {asTable ? (
          <DataTable caption={props.title} data={props.table} />
        ) : (
          <>
            {/* Hidden from assistive technology, and inert so nothing in it takes focus either. */}
            <div aria-hidden="true" inert data-testid="chart">
              {empty ? (
                <Text c="dimmed" size="sm" py="xl" ta="center">
                  No data in this range
                </Text>
              ) : (
                width !== null && (
                  <>
                    {props.children({ width, height })}
                    {props.legend && <ChartLegend items={props.legend} lines={props.legendLines} />}
                  </>
                )
              )}
            </div>
            <VisuallyHidden>
              <ScreenReaderTable caption={props.title} data={props.table} />
            </VisuallyHidden>
          </>
        )}
      </div>
    </Card>
  )
}
