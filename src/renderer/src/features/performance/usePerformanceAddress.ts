import { useEffect, useRef } from 'react'
import { useSearchParams } from 'react-router'
import { performanceViewFromSearch, performanceViewToSearch } from '../navigation/url-state'
import { selectView, usePerformanceStore } from './performance.store'

/**
 * Keeps the Performance members, range and scope in the address (`?members=3,7&range=7d`), so
 * a link or a reload shows the same report. Changes replace the current history entry.
 */
export function usePerformanceAddress(): void {
  const [params, setParams] = useSearchParams()
  const wanted = performanceViewToSearch(performanceViewFromSearch(params))
  const latest = useRef(wanted)

  const opened = useRef(false)
  useEffect(() => {
    latest.current = wanted
    const store = usePerformanceStore.getState()
    const current = performanceViewToSearch(selectView(store))
    if (!opened.current || current !== wanted) {
      void store.open(performanceViewFromSearch(new URLSearchParams(wanted)))
    }
    opened.current = true
  }, [wanted])

  useEffect(
    () =>
      usePerformanceStore.subscribe((s) => {
        const next = performanceViewToSearch(selectView(s))
        if (next !== latest.current) {
          latest.current = next
          setParams(next, { replace: true })
        }
      }),
    [setParams],
  )
}
