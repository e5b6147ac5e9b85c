import { Badge, Box, Loader, Text } from '@mantine/core'
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import type { ActivityEntry } from '../../../../shared/contracts/activity.contract'
import { formatDateTime } from '../../lib/format'
import { MemberLabel } from './member-names'

const ROW_HEIGHT = 36
const COLUMNS = '150px minmax(140px, 1fr) 70px minmax(200px, 3fr) 60px 70px'

function statusColor(status: number | null): string {
  if (status === null) return 'gray'
  if (status >= 500) return 'red'
  if (status >= 400) return 'orange'
  if (status >= 300) return 'blue'
  return 'teal'
}

function Row(props: { entry: ActivityEntry; selected: boolean; onSelect: () => void }) {
  const e = props.entry
  return (
    <Box
      role="row"
      aria-selected={props.selected}
      tabIndex={0}
      onClick={props.onSelect}
      onKeyDown={(ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault()
          props.onSelect()
        }
      }}
      style={{
        display: 'grid',
        gridTemplateColumns: COLUMNS,
        gap: 8,
        alignItems: 'center',
        height: ROW_HEIGHT,
        padding: '0 8px',
        cursor: 'pointer',
        borderBottom: '1px solid var(--mantine-color-default-border)',
        background: props.selected ? 'var(--mantine-color-default-hover)' : undefined,
      }}
    >
      <Text role="cell" size="sm">
        {formatDateTime(e.ts)}
      </Text>
      <Text role="cell" size="sm" truncate>
        <MemberLabel userId={e.actorId} email={e.actorEmail} />
      </Text>
      <Text role="cell" size="sm" ff="monospace">
        {e.kind === 'admin' ? (
          <Badge size="xs" variant="light">
            admin
          </Badge>
        ) : (
          e.method
        )}
      </Text>
      <Text role="cell" size="sm" truncate ff={e.kind === 'api' ? 'monospace' : undefined}>
        {e.kind === 'admin' ? (
          <>
            {e.action}
            {e.targetUserId !== null && (
              <>
                {' → '}
                <MemberLabel userId={e.targetUserId} />
              </>
            )}
          </>
        ) : (
          e.url
        )}
      </Text>
      <Box role="cell">
        {e.status !== null && (
          <Badge size="sm" color={statusColor(e.status)} variant="light">
            {e.status}
          </Badge>
        )}
      </Box>
      <Text role="cell" size="sm" c="dimmed" ta="right">
        {e.durationMs === null ? '' : `${Math.round(e.durationMs)} ms`}
      </Text>
    </Box>
  )
}

/**
 * The log as one virtualized table: only the rows in view exist in the DOM, so scrolling stays
 * smooth whatever has been loaded, and nearing the end fetches the next page (keyset).
 */
export function ActivityTable(props: {
  entries: ActivityEntry[]
  hasMore: boolean
  loadingMore: boolean
  selectedId: number | null
  onSelect: (id: number) => void
  onNeedMore: () => void
}) {
  const parent = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: props.entries.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    // jsdom (tests) and the first paint have no measured size yet: assume a screenful. A
    // real list box is never 0 px high (it has a min height), so this only fills that gap.
    initialRect: { width: 1000, height: 600 },
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) =>
        cb(rect.height > 0 ? rect : { width: rect.width, height: 600 }),
      ),
  })
  const items = virtualizer.getVirtualItems()
  const lastShown = items[items.length - 1]?.index ?? -1
  const { hasMore, loadingMore, onNeedMore, entries } = props
  useEffect(() => {
    if (hasMore && !loadingMore && lastShown >= entries.length - 40) onNeedMore()
  }, [lastShown, entries.length, hasMore, loadingMore, onNeedMore])

  return (
    <Box role="table" aria-label="Activity log" aria-rowcount={entries.length}>
      <Box
        role="row"
        style={{
          display: 'grid',
          gridTemplateColumns: COLUMNS,
          gap: 8,
          padding: '0 8px',
          fontWeight: 600,
        }}
      >
        {['Time', 'User', 'Method', 'URL or action', 'Status', 'Duration'].map((h) => (
          <Text role="columnheader" size="sm" key={h} fw={600}>
            {h}
          </Text>
        ))}
      </Box>
      <Box ref={parent} style={{ height: 'calc(100vh - 420px)', minHeight: 300, overflow: 'auto' }}>
        <Box role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const entry = entries[item.index]!
            return (
              <Box
                key={entry.id}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <Row
                  entry={entry}
                  selected={entry.id === props.selectedId}
                  onSelect={() => props.onSelect(entry.id)}
                />
              </Box>
            )
          })}
        </Box>
        {loadingMore && <Loader size="sm" aria-label="Loading more entries" m="sm" />}
      </Box>
    </Box>
  )
}
