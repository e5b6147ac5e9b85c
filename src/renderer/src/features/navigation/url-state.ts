import { HTTP_METHODS, type ActivityFilter } from '../../../../shared/contracts/activity.contract'
import { MAX_COMPARE } from '../../../../shared/contracts/performance.contract'

/*
 * What a screen keeps in its address, so a link or a reload shows the same thing. Times are ISO
 * 8601 (UTC) and ids are numbers; anything unreadable is left out rather than refused, so a
 * hand-edited link still opens the screen.
 */

const id = (v: string | null): number | undefined => {
  const n = v === null ? NaN : Number(v)
  return Number.isSafeInteger(n) && n > 0 ? n : undefined
}
const ids = (v: string | null): number[] =>
  (v ?? '')
    .split(',')
    .map((x) => id(x))
    .filter((x): x is number => x !== undefined)
const time = (v: string | null): number | undefined => {
  const ms = v ? Date.parse(v) : NaN
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined
}
const iso = (ms: number) => new Date(ms).toISOString()

/** Parameter names of the Activity Log's filters, in the order they are written. */
const ACTIVITY_KEYS = {
  userId: 'user',
  actorId: 'actor',
  tokenId: 'token',
  projectId: 'project',
  workspaceId: 'workspace',
  method: 'method',
  statusClass: 'status',
  kind: 'kind',
  from: 'from',
  to: 'to',
  search: 'q',
  summary: 'summaries',
} as const satisfies Record<keyof ActivityFilter, string>

export function activityFilterFromSearch(search: URLSearchParams): ActivityFilter {
  const f: ActivityFilter = {}
  const k = ACTIVITY_KEYS
  f.userId = id(search.get(k.userId))
  f.actorId = id(search.get(k.actorId))
  f.tokenId = id(search.get(k.tokenId))
  f.projectId = id(search.get(k.projectId))
  f.workspaceId = id(search.get(k.workspaceId))
  const method = search.get(k.method)?.toUpperCase()
  f.method = HTTP_METHODS.find((m) => m === method)
  const status = Number(search.get(k.statusClass))
  f.statusClass = ([2, 3, 4, 5] as const).find((s) => s === status)
  const kind = search.get(k.kind)
  f.kind = kind === 'api' || kind === 'admin' ? kind : undefined
  f.from = time(search.get(k.from))
  f.to = time(search.get(k.to))
  const q = search.get(k.search)?.trim()
  f.search = q ? q.slice(0, 500) : undefined
  f.summary = search.get(k.summary) === 'true' ? true : undefined
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ActivityFilter
}

export function activityFilterToSearch(filter: ActivityFilter): string {
  const out = new URLSearchParams()
  for (const [key, name] of Object.entries(ACTIVITY_KEYS) as [keyof ActivityFilter, string][]) {
    const v = filter[key]
    if (v === undefined || v === '') continue
    out.set(name, key === 'from' || key === 'to' ? iso(v as number) : String(v))
  }
  return out.toString()
}

/** Filters equal as the address would write them (order and empty values do not matter). */
export const sameActivityFilter = (a: ActivityFilter, b: ActivityFilter): boolean =>
  activityFilterToSearch(a) === activityFilterToSearch(b)

export type RangePreset = 'today' | '7d' | '30d' | '90d' | 'custom'
const PRESETS: readonly RangePreset[] = ['today', '7d', '30d', '90d', 'custom']

/** The Performance controls a link carries. */
export interface PerformanceView {
  userIds: number[]
  preset: RangePreset
  custom: { from: number; to: number } | null
  workspaceIds: number[]
  projectIds: number[]
}

export function performanceViewFromSearch(search: URLSearchParams): PerformanceView {
  const range = search.get('range') as RangePreset | null
  const from = time(search.get('from'))
  const to = time(search.get('to'))
  const custom = from !== undefined && to !== undefined && to > from ? { from, to } : null
  const preset = range && PRESETS.includes(range) ? range : custom ? 'custom' : '30d'
  return {
    userIds: [...new Set(ids(search.get('members')))].slice(0, MAX_COMPARE),
    preset: preset === 'custom' && !custom ? '30d' : preset,
    custom: preset === 'custom' ? custom : null,
    workspaceIds: ids(search.get('workspaces')),
    projectIds: ids(search.get('projects')),
  }
}

export function performanceViewToSearch(view: PerformanceView): string {
  const out = new URLSearchParams()
  if (view.userIds.length) out.set('members', view.userIds.join(','))
  if (view.preset !== '30d') out.set('range', view.preset)
  if (view.preset === 'custom' && view.custom) {
    out.set('from', iso(view.custom.from))
    out.set('to', iso(view.custom.to))
  }
  if (view.workspaceIds.length) out.set('workspaces', view.workspaceIds.join(','))
  if (view.projectIds.length) out.set('projects', view.projectIds.join(','))
  // Commas stay readable: they are safe in a query and common in shared links.
  return out.toString().replace(/%2C/g, ',')
}
