import { annotationsRepo } from '../../db/repos/annotations.repo'
import { reviewsRepo, type ReviewAction, type ReviewRow } from '../../db/repos/reviews.repo'
import { writeTransaction, type EngineDeps } from '../deps'
import { invalid, notFound } from '../errors'

/** Reviews read per chunk of a streamed list. */
export const REVIEW_CHUNK = 500

export interface ReviewFilter {
  organizationId: number
  /** The projects the caller may read; reviews elsewhere are not listed. */
  projectIds: readonly number[]
  annotationId?: number
  projectId?: number
}

export interface ReviewPatch {
  action?: ReviewAction
  agreement?: number | null
  lead_time?: number | null
}

/**
 * Label Studio Enterprise's annotation reviews as records: list (filtered by annotation or
 * project), read, change and delete one. The caller checks access to the review's project
 * first (the rules are those of creating a review); the performance triggers keep each
 * annotation's outcome in step with every change.
 */
export function reviewRecordsService(deps: EngineDeps) {
  const reviews = reviewsRepo(deps.db)
  const annotations = annotationsRepo(deps.db)

  /** The reviews matching `f`, in id order, a chunk at a time. */
  function* list(f: ReviewFilter, chunk = REVIEW_CHUNK): Generator<ReviewRow[]> {
    const projects = JSON.stringify(f.projectIds)
    let after = 0
    for (;;) {
      const rows = reviews.list({
        organization_id: f.organizationId,
        projects,
        annotation_id: f.annotationId ?? null,
        project_id: f.projectId ?? null,
        after,
        limit: chunk,
      })
      if (rows.length > 0) yield rows
      if (rows.length < chunk) return
      after = rows.at(-1)!.id
    }
  }

  const update = writeTransaction(deps.db, (id: number, patch: ReviewPatch): ReviewRow => {
    const r = reviews.get(id)
    if (!r) throw notFound('Review', id)
    if (patch.agreement != null && (patch.agreement < 0 || patch.agreement > 1)) {
      throw invalid('Agreement must be between 0 and 1', 'agreement')
    }
    const action = patch.action ?? r.action
    // A changed verdict without an agreement gets the one creating it would have given.
    const agreement =
      patch.agreement !== undefined
        ? patch.agreement
        : patch.action && patch.action !== r.action
          ? action === 'accepted'
            ? 1
            : action === 'rejected'
              ? 0
              : null
          : r.agreement
    reviews.update({
      id,
      action,
      agreement,
      lead_time: patch.lead_time !== undefined ? patch.lead_time : r.lead_time,
    })
    return reviews.get(id)!
  })

  const remove = writeTransaction(deps.db, (id: number): void => {
    if (!reviews.get(id)) throw notFound('Review', id)
    reviews.remove(id)
  })

  return {
    get: (id: number) => reviews.get(id),
    /** The annotation a review (or a filter) names, for the caller's access check. */
    annotation: (id: number) => annotations.get(id),
    list,
    update,
    remove,
  }
}
export type ReviewRecordsService = ReturnType<typeof reviewRecordsService>
