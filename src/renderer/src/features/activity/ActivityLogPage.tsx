import { Alert, Button, Loader, Stack, Title } from '@mantine/core'
import { useCallback, useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { EmptyState } from '../../components/EmptyState'
import { ErrorView } from '../../components/ErrorView'
import { onEvent } from '../../lib/ipc'
import { ActivityDetail } from './ActivityDetail'
import { ActivityFilterBar } from './ActivityFilterBar'
import { ActivityTable } from './ActivityTable'
import { ActivityToolbar } from './ActivityToolbar'
import { useActivityStore } from './activity.store'
import { useActivityAddress } from './useActivityAddress'
import { MemberNamesProvider } from './member-names'

/**
 * The list part of the page, subscribed on its own: a page of entries arriving re-renders the
 * table, not the filter bar, toolbar and detail panel around it. It does not follow
 * `loadingMore`: a request starting or ending alone re-renders nothing.
 */
function ActivityList() {
  const s = useActivityStore(
    useShallow((st) => ({
      entries: st.entries,
      nextCursor: st.nextCursor,
      loading: st.loading,
      error: st.error,
      filterError: st.filterError,
      filtered: Object.keys(st.filter).length > 0,
      selectedId: st.selectedId,
      load: st.load,
      loadMore: st.loadMore,
      select: st.select,
      setFilter: st.setFilter,
    })),
  )
  const { loadMore, select } = s
  const needMore = useCallback(() => void loadMore(), [loadMore])
  // Stable, so the table's memoized rows skip re-rendering when the list does.
  const selectRow = useCallback((id: number) => void select(id), [select])

  const clear = (
    <Button variant="default" onClick={() => void s.setFilter({})}>
      Clear filters
    </Button>
  )
  return s.filterError ? (
    <Alert color="orange" title="These filters cannot match anything" role="alert">
      {s.filterError}
    </Alert>
  ) : s.error ? (
    <ErrorView message={s.error} onRetry={() => void s.load()} />
  ) : s.loading && s.entries.length === 0 ? (
    <Loader aria-label="Loading activity" />
  ) : s.entries.length === 0 ? (
    s.filtered ? (
      <EmptyState
        title="No activity matches these filters"
        message="Try another user, time range or search."
        action={clear}
      />
    ) : (
      <EmptyState title="No activity yet" message="API requests and admin actions appear here." />
    )
  ) : (
    <ActivityTable
      entries={s.entries}
      hasMore={s.nextCursor !== null}
      selectedId={s.selectedId}
      onSelect={selectRow}
      onNeedMore={needMore}
    />
  )
}

/**
 * The activity log viewer. Its filters live in the address: `?user=12` opens as that account's
 * timeline (its requests plus admin actions done to it); every filter can then be changed like
 * anywhere else.
 */
export function ActivityLogPage() {
  const s = useActivityStore(
    useShallow((st) => ({
      selected: st.selected,
      select: st.select,
      patchFilter: st.patchFilter,
    })),
  )
  useActivityAddress()
  // Subscribed while the page is open: the tail is this screen's concern only.
  useEffect(
    () =>
      onEvent(
        'activity:appended',
        ({ lastId }) => void useActivityStore.getState().appended(lastId),
      ),
    [],
  )

  return (
    <MemberNamesProvider>
      <Stack>
        <Title order={1} size="h2">
          Activity log
        </Title>
        <ActivityFilterBar />
        <ActivityToolbar />
        <ActivityList />
        <ActivityDetail
          entry={s.selected}
          onClose={() => void s.select(null)}
          onFilterUser={(id) => {
            void s.select(null)
            void s.patchFilter({ userId: id })
          }}
          onFilterToken={(id) => {
            void s.select(null)
            void s.patchFilter({ tokenId: id })
          }}
        />
      </Stack>
    </MemberNamesProvider>
  )
}
