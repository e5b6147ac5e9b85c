import { create } from 'zustand'
import type { Member } from '../../../../shared/contracts/members.contract'
import {
  MAX_COMPARE,
  type PerformanceQuery,
  type PerformanceReport,
} from '../../../../shared/contracts/performance.contract'
import type { Project, Workspace } from '../../../../shared/contracts/workspaces.contract'
import { call } from '../../lib/ipc'
import type { PerformanceView } from '../navigation/url-state'
import { presetRange, tzOffsetAt, type Preset } from './range'

/** An export's text; `path` where the desktop app saved it, `cancelled` if the user backed out. */
export interface PerformanceExport {
  filename: string
  text: string
  path: string | null
  cancelled: boolean
}

export interface PerformanceState {
  members: Member[]
  workspaces: Workspace[]
  projects: Project[]
  /** Empty: the whole organization. */
  userIds: number[]
  preset: Preset
  /** The custom range (used when preset is 'custom'). */
  custom: { from: number; to: number } | null
  workspaceIds: number[]
  projectIds: number[]
  report: PerformanceReport | null
  loading: boolean
  error: string | null
  lastExport: PerformanceExport | null
}

export const initialPerformanceState: PerformanceState = {
  members: [],
  workspaces: [],
  projects: [],
  userIds: [],
  preset: '30d',
  custom: null,
  workspaceIds: [],
  projectIds: [],
  report: null,
  loading: false,
  error: null,
  lastExport: null,
}

interface PerformanceActions {
  /**
   * Loads the pickers' options and the report for `view` (what the address says: members,
   * range, scope); what it leaves out takes its default.
   */
  open(view?: Partial<PerformanceView>, now?: number): Promise<void>
  setMembers(userIds: number[]): Promise<void>
  setPreset(preset: Exclude<Preset, 'custom'>): Promise<void>
  setCustom(from: number, to: number): Promise<void>
  setScope(scope: { workspaceIds?: number[]; projectIds?: number[] }): Promise<void>
  refresh(): Promise<void>
  exportReport(format: 'csv' | 'json'): Promise<PerformanceExport>
  reset(): void
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** The query the current controls describe; `now` fixes the presets (tests pass one). */
export function selectQuery(s: PerformanceState, now = Date.now()): PerformanceQuery {
  const range =
    s.preset === 'custom' && s.custom
      ? s.custom
      : presetRange(s.preset === 'custom' ? '30d' : s.preset, now)
  return {
    userIds: s.userIds,
    ...range,
    tzOffsetMinutes: tzOffsetAt(range.to - 1),
    workspaceIds: s.workspaceIds,
    projectIds: s.projectIds,
  }
}

export const usePerformanceStore = create<PerformanceState & PerformanceActions>()((set, get) => {
  let clock: (() => number) | null = null
  const now = () => (clock ? clock() : Date.now())
  // Only the newest request may fill the screen: a slow old answer must not overwrite it.
  let generation = 0
  const load = async () => {
    const mine = ++generation
    set({ loading: true, error: null })
    try {
      const report = await call('performance:report', selectQuery(get(), now()))
      if (mine === generation) set({ report, loading: false })
    } catch (e) {
      if (mine === generation) set({ loading: false, error: message(e) })
    }
  }
  return {
    ...initialPerformanceState,
    open: async (view = {}, fixedNow) => {
      if (fixedNow !== undefined) clock = () => fixedNow
      const userIds = (view.userIds ?? []).slice(0, MAX_COMPARE)
      const sameSubject = userIds.join() === get().userIds.join()
      const preset = view.preset === 'custom' && !view.custom ? '30d' : (view.preset ?? '30d')
      // Opening for someone else must not show the last subject's figures under the new name.
      set({
        userIds,
        preset,
        custom: preset === 'custom' ? (view.custom ?? null) : null,
        workspaceIds: view.workspaceIds ?? [],
        projectIds: view.projectIds ?? [],
        error: null,
        ...(sameSubject ? {} : { report: null }),
      })
      // The report does not depend on the pickers' options: ask for both at once.
      const report = load()
      try {
        const [members, workspaces, projects] = await Promise.all([
          call('members:list'),
          call('workspaces:list'),
          call('projects:list'),
        ])
        set({ members, workspaces, projects })
      } catch (e) {
        set({ error: message(e) })
      }
      await report
    },
    setMembers: async (userIds) => {
      set({ userIds: userIds.slice(0, MAX_COMPARE) })
      await load()
    },
    setPreset: async (preset) => {
      set({ preset })
      await load()
    },
    setCustom: async (from, to) => {
      set({ preset: 'custom', custom: { from, to } })
      await load()
    },
    setScope: async (scope) => {
      set((s) => ({
        workspaceIds: scope.workspaceIds ?? s.workspaceIds,
        projectIds: scope.projectIds ?? s.projectIds,
      }))
      await load()
    },
    refresh: load,
    exportReport: async (format) => {
      const out = await call('performance:export', { query: selectQuery(get(), now()), format })
      const result = {
        filename: out.filename,
        text: out.text,
        path: out.path,
        cancelled: out.cancelled,
      }
      set({ lastExport: result })
      return result
    },
    reset: () => {
      clock = null
      generation++
      set(initialPerformanceState)
    },
  }
})

export const selectReport = (s: PerformanceState) => s.report

/** The controls a link carries (members, range, scope). */
export const selectView = (s: PerformanceState): PerformanceView => ({
  userIds: s.userIds,
  preset: s.preset,
  custom: s.preset === 'custom' ? s.custom : null,
  workspaceIds: s.workspaceIds,
  projectIds: s.projectIds,
})
