import { useEffect, useRef } from 'react'
import { useSearchParams } from 'react-router'
import {
  activityFilterFromSearch,
  activityFilterToSearch,
  sameActivityFilter,
} from '../navigation/url-state'
import { useActivityStore } from './activity.store'

/**
 * Keeps the Activity Log's filters in the address: a link or a reload opens the same view,
 * and Back/Forward to another address applies its filters. Filter changes replace the current
 * history entry, so Back leaves the screen instead of undoing one keystroke at a time.
 */
export function useActivityAddress(): void {
  const [params, setParams] = useSearchParams()
  const search = params.toString()
  const latest = useRef(search)

  // Address → filter: on opening the screen (always, to load), then whenever the address moves.
  const opened = useRef(false)
  useEffect(() => {
    latest.current = search
    const wanted = activityFilterFromSearch(new URLSearchParams(search))
    const store = useActivityStore.getState()
    if (!opened.current || !sameActivityFilter(wanted, store.filter)) void store.setFilter(wanted)
    opened.current = true
  }, [search])

  // Filter → address, read from the store itself so a stale render cannot write an old filter.
  useEffect(
    () =>
      useActivityStore.subscribe((s, prev) => {
        if (s.filter === prev.filter) return
        const next = activityFilterToSearch(s.filter)
        if (
          !sameActivityFilter(
            activityFilterFromSearch(new URLSearchParams(latest.current)),
            s.filter,
          )
        ) {
          setParams(next, { replace: true })
        }
      }),
    [setParams],
  )
}
