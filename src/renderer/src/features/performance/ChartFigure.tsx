import { Card, Group, Switch, Table, Text, VisuallyHidden } from '@mantine/core'
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'

export interface TableData {
  columns: string[]
  rows: (string | number)[][]
}

const FALLBACK_WIDTH = 560

/** The width of the element, following resizes where ResizeObserver exists (not in jsdom). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(FALLBACK_WIDTH)
  useEffect(() => {
    const el = ref.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 0)
      if (w > 0) setWidth(w)
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  return { ref, width }
}

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
 * One chart with its data as a table: the table is always in the page for screen readers
 * (visually hidden) and can be shown instead of the chart with "Show as table".
 */
export function ChartFigure(props: {
  title: string
  table: TableData
  height?: number
  children: (size: { width: number; height: number }) => ReactNode
}) {
  const [asTable, setAsTable] = useState(false)
  const { ref, width } = useWidth()
  const titleId = useId()
  const height = props.height ?? 240
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
      {asTable ? (
        <DataTable caption={props.title} data={props.table} />
      ) : (
        <>
          <div ref={ref} aria-hidden="true" data-testid="chart">
            {props.table.rows.length ? (
              props.children({ width, height })
            ) : (
              <Text c="dimmed" size="sm" py="xl" ta="center">
                No data in this range
              </Text>
            )}
          </div>
          <VisuallyHidden>
            <DataTable caption={props.title} data={props.table} />
          </VisuallyHidden>
        </>
      )}
    </Card>
  )
}
