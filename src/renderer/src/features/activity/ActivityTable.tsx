import { Loader, Text } from '@mantine/core'
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef } from 'react'
import type { ActivityEntry } from '../../../../shared/contracts/activity.contract'
import { formatDateTime } from '../../lib/format'
import css from './ActivityTable.module.css'
import { actionSentence, formatDuration } from './admin-actions'
import { badgeClass, MemberLabel, useMemberName } from './member-names'
import { describeSummary, summaryOf } from './refusal-summary'

// Also in ActivityTable.module.css (.row).
const ROW_HEIGHT = 36
const COLUMNS = '150px minmax(140px, 1fr) 70px minmax(180px, 3fr) 60px 70px'
// Rows rendered beyond the viewport on each side; enough to hide a fast wheel, few enough that
// a jump mounts little.
const OVERSCAN = 8
// Ask for the next page while this many loaded rows are still below the view: most of a page
// (activity.store's NEXT_PAGE), so at 20 rows a frame the next page has ~15 frames to arrive.
const PREFETCH_ROWS = 400

function statusColor(status: number | null): string {
  if (status === null) return 'gray'
  if (status >= 500) return 'red'
  if (status >= 400) return 'orange'
  if (status >= 300) return 'blue'
  return 'teal'
}

const cellClass = css.cell
const truncClass = `${css.cell} ${css.truncate}`
const monoClass = `${css.cell} ${css.mono}`
const monoTruncClass = `${css.cell} ${css.mono} ${css.truncate}`
const durationClass = `${css.cell} ${css.duration}`

// The hot path: plain elements with classes (ActivityTable.module.css) instead of Mantine
// components or inline styles, which cost style resolution on every row mounted while scrolling.
/** An admin action as a sentence naming whom it was done to. */
function ActionText(props: { entry: ActivityEntry }) {
  const target = useMemberName(props.entry.targetUserId)
  const sentence = actionSentence(props.entry, { target })
  return <span title={props.entry.action ?? undefined}>{sentence}</span>
}

const Row = memo(function Row(props: {
  entry: ActivityEntry
  start: number
  selected: boolean
  onSelect: (id: number) => void
}) {
  const { entry: e, onSelect } = props
  const summary = summaryOf(e)
  return (
    <div
      role="row"
      aria-selected={props.selected}
      tabIndex={0}
      onClick={() => onSelect(e.id)}
      onKeyDown={(ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault()
          onSelect(e.id)
        }
      }}
      className={css.row}
      // `top`, not `transform`: rows move only when the live tail adds entries above them, and a
      // transform per row gives paint and compositing one more node per row on every frame.
      style={{ top: props.start }}
    >
      <div role="cell" className={cellClass}>
        {formatDateTime(e.ts)}
      </div>
      <div role="cell" className={truncClass}>
        <MemberLabel userId={e.actorId} email={e.actorEmail} />
      </div>
      <div role="cell" className={monoClass}>
        {e.kind === 'admin' ? (
          <span className={badgeClass('primary', 'xs')}>admin</span>
        ) : summary ? (
          <span className={badgeClass('orange', 'xs')}>summary</span>
        ) : (
          e.method
        )}
      </div>
      <div role="cell" className={e.kind === 'api' && !summary ? monoTruncClass : truncClass}>
        {summary ? (
          describeSummary(e, summary)
        ) : e.kind === 'admin' ? (
          <ActionText entry={e} />
        ) : (
          e.url
        )}
      </div>
      <div role="cell">
        {e.status !== null && (
          <span className={badgeClass(statusColor(e.status), 'sm')}>{e.status}</span>
        )}
      </div>
      <div role="cell" className={durationClass}>
        {e.durationMs === null ? '' : formatDuration(e.durationMs)}
      </div>
    </div>
  )
})

// Built once: the table re-renders on every scroll step and the header never changes.
const header = (
  <div
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
  </div>
)

/**
 * The log as one virtualized table: only the rows in view exist in the DOM, so scrolling stays
 * smooth whatever has been loaded, and nearing the end fetches the next page (keyset).
 * `onSelect` and `onNeedMore` should be stable so that rows re-render only when they change;
 * `onNeedMore` may be called again while a page is on its way (the store ignores that).
 */
export function ActivityTable(props: {
  entries: ActivityEntry[]
  hasMore: boolean
  selectedId: number | null
  onSelect: (id: number) => void
  onNeedMore: () => void
}) {
  const parent = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: props.entries.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
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
  const { hasMore, onNeedMore, entries, selectedId, onSelect } = props
  const wantMore = hasMore && lastShown >= entries.length - PREFETCH_ROWS
  const atEnd = hasMore && lastShown === entries.length - 1
  useEffect(() => {
    if (!wantMore) return
    // A task of its own: while scrolling this runs inside the scroll handler's synchronous
    // render, and starting a request there would lengthen the frame being drawn.
    const timer = setTimeout(onNeedMore, 0)
    return () => clearTimeout(timer)
    // `entries.length`: a page that arrives with the view still near the end asks for the next.
  }, [wantMore, entries.length, onNeedMore])

  return (
    <div role="table" aria-label="Activity log" aria-rowcount={entries.length}>
      {header}
      <div ref={parent} style={{ height: 'calc(100vh - 420px)', minHeight: 300, overflow: 'auto' }}>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const entry = entries[item.index]!
            return (
              <Row
                key={entry.id}
                entry={entry}
                start={item.start}
                selected={entry.id === selectedId}
                onSelect={onSelect}
              />
            )
          })}
        </div>
        {/* Room for the next page's spinner is kept while there is more, so showing it never
            changes the scroll height; the spinner itself exists only once the end is in view. */}
        {hasMore && (
          <div className={css.more}>
            {atEnd && <Loader size="sm" aria-label="Loading more entries" />}
          </div>
        )}
      </div>
    </div>
  )
}
