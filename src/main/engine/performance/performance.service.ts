import type {
  MemberReport,
  PerformanceReport,
  ReviewStats,
  Subject,
} from '../../../shared/contracts/performance.contract'
import type { EngineDeps } from '../deps'
import { notFound } from '../errors'
import { apiRollup } from './api-rollup'
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

    const { days: apiDays, ...api } = apiUsage(repo, scope, workspaces)
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
    rollup.catchUp()
    const members = deps.db.transaction(() =>
      subjects.map((user) => {
        const days = new Map<number, DayCounts>()
        for (let d = first; d <= last; d++) days.set(d, emptyDay())
        return memberReport(
          { org: orgId, from: q.from, to: q.to, off, user, projects },
          days,
          workspaces,
        )
      }),
    )()
    return {
      from: q.from,
      to: q.to,
      tzOffsetMinutes: q.tzOffsetMinutes,
      generatedAt: deps.now(),
      members,
    }
  }

  return {
    report,
    /** Brings the API roll-ups up to date now (the report does it too; `serve` may call it idle). */
    refresh: () => rollup.catchUp(),
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
