import type { AnnotationStats, DayPoint } from '../../../shared/contracts/performance.contract'
import { HOUR_MS, histogramPercentile, latencyBucket, median, round } from './metrics'
import type { PerformanceRepo, Scope } from './performance.repo'

/** Up to this many lead times the median is exact; above, it comes from the hourly histogram. */
export const EXACT_MEDIAN_LIMIT = 20_000

export type DayCounts = Omit<DayPoint, 'date'>
const OUTCOME = {
  accepted: 'accepted',
  rejected: 'rejected',
  fixed_accepted: 'fixedAccepted',
} as const

const empty = (): AnnotationStats => ({
  submitted: 0,
  skipped: 0,
  accepted: 0,
  rejected: 0,
  fixedAccepted: 0,
  pendingReview: 0,
  leadTimeSum: null,
  leadTimeAvg: null,
  leadTimeMedian: null,
  score: null,
  scoredAnnotations: 0,
})

/**
 * Annotation counts, outcomes, lead times and score. A member's annotations are read directly
 * (a few thousand in 90 days). The whole organization reads whole hours from the trigger-kept
 * hourly counts and the range edges from the table; outcomes come from the reviews' side (only
 * reviewed annotations are visited), and pending = submitted − reviewed.
 */
export function annotationStats(
  repo: PerformanceRepo,
  scope: Scope,
  days: Map<number, DayCounts>,
): AnnotationStats {
  const a = empty()
  let leadSum = 0
  let leadN = 0
  let scoreSum = 0
  const count = (day: number, submitted: number, skipped: number, lead: number, n: number) => {
    const d = days.get(day)!
    a.submitted += submitted
    a.skipped += skipped
    d.submitted += submitted
    d.skipped += skipped
    d.pendingReview += submitted
    a.pendingReview += submitted
    d.timeAnnotating += lead
    leadSum += lead
    leadN += n
  }
  const outcome = (
    day: number,
    action: keyof typeof OUTCOME | null,
    n: number,
    sum: number,
    scored: number,
  ) => {
    if (!action) return
    const d = days.get(day)!
    a[OUTCOME[action]] += n
    d[OUTCOME[action]] += n
    a.pendingReview -= n
    d.pendingReview -= n
    scoreSum += sum
    a.scoredAnnotations += scored
  }

  const rolled = scope.user === null && scope.off % HOUR_MS === 0
  const h0 = Math.ceil(scope.from / HOUR_MS)
  const h1 = Math.floor(scope.to / HOUR_MS)
  if (!rolled) {
    for (const r of repo.annotations(scope)) {
      count(r.day, r.was_cancelled ? 0 : r.n, r.was_cancelled ? r.n : 0, r.lead_sum, r.lead_n)
      if (!r.was_cancelled) outcome(r.day, r.action, r.n, r.score_sum, r.score_n)
    }
  } else {
    const edges =
      h1 > h0
        ? [
            { ...scope, to: h0 * HOUR_MS },
            { ...scope, from: h1 * HOUR_MS },
          ]
        : [scope]
    if (h1 > h0) {
      for (const r of repo.annotationHours({ ...scope, h0, h1 }))
        count(r.day, r.submitted, r.skipped, r.lead_sum, r.lead_n)
    }
    for (const e of edges) {
      for (const r of repo.annotationCounts(e))
        count(r.day, r.submitted, r.skipped, r.lead_sum, r.lead_n)
    }
    for (const r of repo.outcomes(scope)) outcome(r.day, r.action, r.n, r.score_sum, r.score_n)
  }

  if (leadN > 0) {
    a.leadTimeSum = round(leadSum)
    a.leadTimeAvg = round(leadSum / leadN)
    a.leadTimeMedian = round(
      leadMedian(repo, scope, leadN, rolled && scope.projects === null && h1 > h0, h0, h1)!,
    )
  }
  if (a.scoredAnnotations > 0) a.score = round(scoreSum / a.scoredAnnotations, 4)
  return a
}

function leadMedian(
  repo: PerformanceRepo,
  scope: Scope,
  n: number,
  histogram: boolean,
  h0: number,
  h1: number,
) {
  if (n <= EXACT_MEDIAN_LIMIT || !histogram) return median(repo.leadTimes(scope))
  const hist = new Map<number, number>()
  for (const r of repo.leadHistogram({ org: scope.org, h0, h1 })) hist.set(r.bucket, r.n)
  for (const edge of [
    { ...scope, to: h0 * HOUR_MS },
    { ...scope, from: h1 * HOUR_MS },
  ]) {
    for (const x of repo.leadTimes(edge)) {
      const b = latencyBucket(x)
      hist.set(b, (hist.get(b) ?? 0) + 1)
    }
  }
  return histogramPercentile(hist, 50)
}
