import type {
  MemberReport,
  PerformanceReport,
  ReviewStats,
  Subject,
} from '../../../shared/contracts/performance.contract'
import type { EngineDeps } from '../deps'
import { notFound } from '../errors'
import { apiRollup, type IdRange, type RollupStep } from './api-rollup'
import { annotationStats, type DayCounts } from './annotation-stats'
import { apiUsage } from './api-usage'
import { dayLabel, localDay, round } from './metrics'
import { performanceRepo, type Scope } from './performance.repo'
import { reportCsv } from './export'

export interface ReportQuery {
  userIds: number[]
  from: number
  to: number
  tzOffsetMinutes: number
  workspaceIds: number[]
  projectIds: number[]
}

/**
 * A report rolls up at most this many new activity ids itself (a few tens of ms); a longer
 * backlog is left to the background job (`startPerformanceRollup`) and read raw meanwhile.
 */
export const SYNC_ROLLUP_LIMIT = 5_000

/** A backlog longer than this is filled newest first (see `apiRollup`). */
const GAP_ABOVE = 50_000

/**
 * A report reads at most about this many not-yet-rolled-up entries raw (~0.1 s); when its
 * range needs more (the first minutes after an upgrade), `whenReady` first rolls that part up.
 */
const RAW_SYNC_LIMIT = 30_000

const emptyDay = (): DayCounts => ({
  submitted: 0,
  skipped: 0,
  accepted: 0,
  rejected: 0,
  fixedAccepted: 0,
  pendingReview: 0,
  timeAnnotating: 0,
  timeReviewing: 0,
  requests: 0,
  errors4xx: 0,
  errors5xx: 0,
})

const OUTCOME = {
  accepted: 'accepted',
  rejected: 'rejected',
  fixed_accepted: 'fixedAccepted',
} as const

/**
 * Member performance (DESIGN §7). Work counts at its completion time: an annotation when it was
 * submitted (`created_at`), a review when it was given, a request when it was answered. An
 * annotation's outcome is its latest review as of now. `null` means "no data", never zero.
 */
export function performanceService(deps: EngineDeps) {
  const repo = performanceRepo(deps.db)
  const rollup = apiRollup(deps.db)

  function subjectOf(org: number, userId: number | null): Subject {
    if (userId === null)
      return { userId: null, name: repo.orgTitle(org), email: null, isService: false }
    const s = repo.subject(org, userId)
    if (!s) throw notFound('Member', userId)
    const person = `${s.first_name} ${s.last_name}`.trim()
    return {
      userId,
      name: s.sa_name ?? (person || s.username || s.email),
      email: s.email,
      isService: s.kind === 'service',
    }
  }

  function memberReport(
    scope: Scope,
    days: Map<number, DayCounts>,
    workspaces: string | null,
    unrolled: readonly IdRange[],
  ): MemberReport {
    const a = annotationStats(repo, scope, days)
    const rv: ReviewStats = {
      total: 0,
      accepted: 0,
      rejected: 0,
      fixedAccepted: 0,
      timeReviewing: null,
    }
    let reviewLead = 0
    let reviewLeadN = 0
    for (const r of repo.reviews(scope)) {
      rv.total += r.n
      rv[OUTCOME[r.action]] += r.n
      reviewLead += r.lead_sum
      reviewLeadN += r.lead_n
      days.get(r.day)!.timeReviewing += r.lead_sum
    }
    if (reviewLeadN > 0) rv.timeReviewing = round(reviewLead)

    const { days: apiDays, ...api } = apiUsage(repo, scope, workspaces, unrolled)
    for (const [day, c] of apiDays) {
      const d = days.get(day)
      if (!d) continue
      d.requests += c.requests
      d.errors4xx += c.errors4xx
      d.errors5xx += c.errors5xx
    }
    const token = repo.lastToken(scope.org, scope.user)
    return {
      subject: subjectOf(scope.org, scope.user),
      annotations: a,
      reviews: rv,
      api: {
        ...api,
        predictions: repo.predictions(scope),
        lastActive: repo.lastActive(scope.org, scope.user),
        lastToken: token ? { display: token.display, lastUsedAt: token.last_used_at } : null,
      },
      series: [...days].map(([day, c]) => ({
        date: dayLabel(day),
        ...c,
        timeAnnotating: round(c.timeAnnotating),
        timeReviewing: round(c.timeReviewing),
      })),
    }
  }

  function report(orgId: number, q: ReportQuery): PerformanceReport {
    const off = q.tzOffsetMinutes * 60_000
    let projects: string | null = null
    if (q.workspaceIds.length || q.projectIds.length) {
      const ids = new Set([...q.projectIds, ...repo.projectsOfWorkspaces(orgId, q.workspaceIds)])
      projects = JSON.stringify([...ids])
    }
    const workspaces = q.workspaceIds.length ? JSON.stringify(q.workspaceIds) : null
    const first = localDay(q.from, off)
    const last = localDay(q.to - 1, off)
    const subjects: (number | null)[] = q.userIds.length ? [...new Set(q.userIds)] : [null]
    subjects.forEach((u) => u !== null && subjectOf(orgId, u))
    // Outside the read transaction: catching up writes, and a report should not hold the lock.
    // Only a short backlog is rolled up here; a long one (after an upgrade) is the background
    // job's, and the report reads those entries raw meanwhile.
    const backlog = rollup.backlog()
    if (backlog > 0 && backlog <= SYNC_ROLLUP_LIMIT)
      rollup.step({ limit: SYNC_ROLLUP_LIMIT, forwardOnly: true })
    const { members, unrolled } = deps.db.transaction(() => {
      const unrolled = rollup.unrolled()
      const members = subjects.map((user) => {
        const days = new Map<number, DayCounts>()
        for (let d = first; d <= last; d++) days.set(d, emptyDay())
        return memberReport(
          { org: orgId, from: q.from, to: q.to, off, user, projects },
          days,
          workspaces,
          unrolled,
        )
      })
      return { members, unrolled }
    })()
    return {
      from: q.from,
      to: q.to,
      tzOffsetMinutes: q.tzOffsetMinutes,
      generatedAt: deps.now(),
      members,
      rollupPending: unrolled.length > 0,
    }
  }

  /**
   * Resolves once `report(orgId, q)` can be answered quickly: while its range still needs more
   * than RAW_SYNC_LIMIT raw entries, rolls up (newest first, as the background job does) in
   * chunks of ~15 ms, yielding to the event loop between them, so waiting for a report on a
   * large freshly upgraded log never freezes the API or the UI.
   */
  async function whenReady(_orgId: number, q: ReportQuery): Promise<void> {
    // A filtered report or a zone off the hour reads the raw log whatever the roll-ups hold.
    if (q.workspaceIds.length || q.projectIds.length || q.tzOffsetMinutes % 60 !== 0) return
    // One transaction per turn of the event loop, sized to take ~15 ms: every transaction
    // rewrites the roll-up pages of each member's current hour, so fewer, fuller ones are cheaper.
    // The check runs in a turn of its own: on a large log it walks index pages the roll-up does
    // not otherwise read (cold, so tens of ms when the disk is busy), and summed with a chunk in
    // one turn it stalled the loop for longer than either.
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
    let limit = 1_000
    while (rollup.rawIds(q.from) > RAW_SYNC_LIMIT) {
      await turn()
      const started = performance.now()
      const step = rollup.step({ limit, gapAbove: GAP_ABOVE })
      const ms = performance.now() - started
      if (!step.pending) return
      if (ms > 15) limit = Math.max(200, limit >> 1)
      else if (ms < 7) limit = Math.min(4_000, limit * 2)
      await turn()
    }
  }

  return {
    report,
    whenReady,
    /** Brings the API roll-ups up to date now, in one go (tests, benchmarks, one-shot CLI use). */
    refresh: () => rollup.catchUp(),
    /**
     * One bounded chunk of the background roll-up (at most `limit` activity ids, one short
     * transaction); `pending` says whether to call again. See `startPerformanceRollup`.
     */
    rollupStep: (limit: number): RollupStep => rollup.step({ limit, gapAbove: GAP_ABOVE }),
    exportText(orgId: number, q: ReportQuery, format: 'csv' | 'json') {
      const r = report(orgId, q)
      const stamp =
        new Date(q.from).toISOString().slice(0, 10) +
        '_' +
        new Date(q.to - 1).toISOString().slice(0, 10)
      return {
        text: format === 'csv' ? reportCsv(r) : JSON.stringify(r, null, 2),
        filename: `performance_${stamp}.${format}`,
      }
    },
  }
}
export type PerformanceService = ReturnType<typeof performanceService>
