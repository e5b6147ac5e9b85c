import { create } from 'zustand'
import type {
  ActivityCount,
  ActivityEntry,
  ActivityFilter,
  Cursor,
  ExportFormat,
  VerifyResult,
} from '../../../../shared/contracts/activity.contract'
import { call } from '../../lib/ipc'

// The first page is small so the first rows show at once; later pages are as large as
// `activity:list` allows, so a fast scroll needs few round trips (each one a store update and a
// re-render of the list).
const FIRST_PAGE = 200
const NEXT_PAGE = 500
/** While paused, new entries are counted up to this many; past it the badge says "more than". */
export const PENDING_COUNT_LIMIT = 200

/** Why a filter cannot match anything, said before asking the engine; null when it can. */
export function filterProblem(f: ActivityFilter): string | null {
  if (f.from !== undefined && f.to !== undefined && f.from > f.to)
    return 'From is later than To: choose a From before the To, or clear one of them.'
  return null
}

export interface ExportState {
  exportId: string
  format: ExportFormat
  rows: number
  cancelling: boolean
}

export interface ActivityState {
  filter: ActivityFilter
  entries: ActivityEntry[]
  nextCursor: Cursor | null
  count: ActivityCount | null
  loading: boolean
  loadingMore: boolean
  error: string | null
  selectedId: number | null
  /** The entry shown in the detail panel (fetched when it is not in the list). */
  selected: ActivityEntry | null
  /** Live tail on: new entries are added at the top as they arrive. */
  live: boolean
  /** New entries matching the filter that arrived while paused (shown as a badge). */
  pending: number
  /** More than `pending` arrived (the count stopped at PENDING_COUNT_LIMIT). */
  pendingMore: boolean
  /** The filter cannot match anything (From after To): said instead of loading. */
  filterError: string | null
  /** The newest entry id the list has accounted for (the tail's starting point). */
  lastId: number
  verifying: boolean
  verifyResult: VerifyResult | null
  exporting: ExportState | null
  exportMessage: string | null
}

export const initialActivityState: ActivityState = {
  filter: {},
  entries: [],
  nextCursor: null,
  count: null,
  loading: false,
  loadingMore: false,
  error: null,
  selectedId: null,
  selected: null,
  live: true,
  pending: 0,
  pendingMore: false,
  filterError: null,
  lastId: 0,
  verifying: false,
  verifyResult: null,
  exporting: null,
  exportMessage: null,
}

interface ActivityActions {
  /** Replaces the whole filter (the per-account view starts from `{ userId }`). */
  setFilter(filter: ActivityFilter): Promise<void>
  patchFilter(patch: Partial<ActivityFilter>): Promise<void>
  load(): Promise<void>
  loadMore(): Promise<void>
  /** The engine appended entries up to `lastId`. */
  appended(lastId: number): Promise<void>
  setLive(live: boolean): Promise<void>
  select(id: number | null): Promise<void>
  verify(): Promise<void>
  exportTo(format: ExportFormat): Promise<void>
  cancelExport(): Promise<void>
  reset(): void
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e))
const clean = (f: ActivityFilter): ActivityFilter =>
  Object.fromEntries(
    Object.entries(f).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as ActivityFilter

export const useActivityStore = create<ActivityState & ActivityActions>()((set, get) => {
  // Answers to an older filter are dropped: each load bumps the generation.
  let generation = 0
  let tailing = false
  let counting = false
  let countAgain = false
  // The newest id any event announced, so an append during a load is tailed right after it.
  let announced = 0

  const tail = async () => {
    if (tailing) return
    tailing = true
    try {
      const gen = generation
      const { filter, lastId } = get()
      const r = await call('activity:tail', { filter, afterId: lastId })
      if (gen !== generation) return
      if (r.truncated) return void (await get().load())
      set((s) => ({
        entries: [...r.entries.filter((e) => !s.entries.some((x) => x.id === e.id)), ...s.entries],
        lastId: r.lastId,
        pending: 0,
        pendingMore: false,
        // A capped count stays "more than {cap}": adding the tail to the cap would claim a
        // precision it never had.
        count:
          s.count &&
          (s.count.exact ? { ...s.count, count: s.count.count + r.entries.length } : s.count),
      }))
    } catch {
      // A failed tail is retried by the next event; the list stays as it was.
    } finally {
      tailing = false
    }
  }

  // While paused, how many new entries match: read (not shown) from the tail, at most
  // PENDING_COUNT_LIMIT of them; events arriving meanwhile ask again once it answers.
  const countPending = async () => {
    if (counting) return void (countAgain = true)
    counting = true
    try {
      do {
        countAgain = false
        const gen = generation
        const { filter, lastId } = get()
        const r = await call('activity:tail', {
          filter,
          afterId: lastId,
          limit: PENDING_COUNT_LIMIT,
        })
        if (gen !== generation || get().live) return
        set({ pending: r.entries.length, pendingMore: r.truncated })
      } while (countAgain)
    } catch {
      // The next event asks again; the badge keeps its last figure.
    } finally {
      counting = false
    }
  }

  return {
    ...initialActivityState,
    setFilter: async (filter) => {
      set({ filter: clean(filter) })
      await get().load()
    },
    patchFilter: async (patch) => get().setFilter({ ...get().filter, ...patch }),
    load: async () => {
      const gen = ++generation
      const { filter } = get()
      const problem = filterProblem(filter)
      if (problem) {
        set({
          loading: false,
          loadingMore: false,
          error: null,
          filterError: problem,
          entries: [],
          nextCursor: null,
          count: null,
          pending: 0,
          pendingMore: false,
        })
        return
      }
      // `loadingMore` too: a page still on its way for the old filter is dropped when it lands,
      // and must not keep the new list from asking for its own.
      set({
        loading: true,
        loadingMore: false,
        error: null,
        filterError: null,
        entries: [],
        nextCursor: null,
        count: null,
        pending: 0,
        pendingMore: false,
      })
      try {
        const page = await call('activity:list', { filter, limit: FIRST_PAGE })
        if (gen !== generation) return
        set({
          entries: page.entries,
          nextCursor: page.nextCursor,
          loading: false,
          lastId: page.headId,
        })
        if (announced > page.headId && get().live) void tail()
        // The count can take longer than a page: it arrives after the list shows.
        const count = await call('activity:count', { filter })
        if (gen === generation) set({ count })
      } catch (e) {
        if (gen === generation) set({ loading: false, error: messageOf(e) })
      }
    },
    loadMore: async () => {
      const { nextCursor, loadingMore, filter } = get()
      if (!nextCursor || loadingMore) return
      const gen = generation
      set({ loadingMore: true })
      try {
        const page = await call('activity:list', { filter, cursor: nextCursor, limit: NEXT_PAGE })
        if (gen !== generation) return
        set((s) => ({
          entries: [...s.entries, ...page.entries],
          nextCursor: page.nextCursor,
          loadingMore: false,
        }))
      } catch (e) {
        if (gen === generation) set({ loadingMore: false, error: messageOf(e) })
      }
    },
    appended: async (lastId) => {
      announced = Math.max(announced, lastId)
      const s = get()
      if (lastId <= s.lastId || s.loading || s.filterError) return
      if (s.live) await tail()
      else await countPending()
    },
    setLive: async (live) => {
      set({ live })
      if (live && get().pending > 0) await tail()
    },
    select: async (id) => {
      const known = id === null ? null : (get().entries.find((e) => e.id === id) ?? null)
      set({ selectedId: id, selected: known })
      if (id === null || known) return
      try {
        const entry = await call('activity:get', { id })
        if (get().selectedId === id) set({ selected: entry })
      } catch (e) {
        set({ error: messageOf(e) })
      }
    },
    verify: async () => {
      set({ verifying: true, verifyResult: null })
      try {
        set({ verifyResult: await call('activity:verify', {}), verifying: false })
      } catch (e) {
        set({ verifying: false, error: messageOf(e) })
      }
    },
    exportTo: async (format) => {
      const exportId = `exp-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
      set({ exporting: { exportId, format, rows: 0, cancelling: false }, exportMessage: null })
      const poll = setInterval(() => {
        call('activity:exportProgress', { exportId })
          .then((p) =>
            set((s) => (s.exporting ? { exporting: { ...s.exporting, rows: p.rows } } : {})),
          )
          .catch(() => {})
      }, 500)
      try {
        const r = await call('activity:export', { filter: get().filter, format, exportId })
        set({
          exportMessage: r.cancelled
            ? 'Export cancelled'
            : `Exported ${r.rows.toLocaleString()} entries to ${r.path}`,
        })
      } catch (e) {
        set({ exportMessage: `Export failed: ${messageOf(e)}` })
      } finally {
        clearInterval(poll)
        set({ exporting: null })
      }
    },
    cancelExport: async () => {
      const ex = get().exporting
      if (!ex) return
      set({ exporting: { ...ex, cancelling: true } })
      await call('activity:exportCancel', { exportId: ex.exportId }).catch(() => {})
    },
    reset: () => {
      generation++
      set(initialActivityState)
    },
  }
})
