import type { AnnotationRow } from '../../db/repos/annotations.repo'
import { reviewsRepo, type ReviewAction, type ReviewRow } from '../../db/repos/reviews.repo'
import type { Repos } from '../../db/repos'
import type { ProjectAction } from '../access/policy'
import { writeTransaction, type Actor, type EngineDeps } from '../deps'
import { invalid } from '../errors'

export interface ReviewInput {
  action: ReviewAction
  /** 0..1; for fixed+accepted, how much of the annotation survived the fix. */
  agreement?: number | null
  lead_time?: number | null
}

/** Reviews of annotations (accept, reject, fix+accept): what the performance dashboard scores. */
export function reviewsService(
  deps: EngineDeps,
  repos: Repos,
  annotationFor: (c: Actor, id: number, action: ProjectAction) => AnnotationRow,
) {
  const reviews = reviewsRepo(deps.db)

  const create = writeTransaction(
    deps.db,
    (c: Actor, annotationId: number, input: ReviewInput, at?: number): ReviewRow => {
      const annotation = annotationFor(c, annotationId, 'review')
      const reviewerId = c.userId
      if (input.agreement != null && (input.agreement < 0 || input.agreement > 1)) {
        throw invalid('Agreement must be between 0 and 1', 'agreement')
      }
      const now = at ?? deps.now()
      const agreement =
        input.agreement ??
        (input.action === 'accepted' ? 1 : input.action === 'rejected' ? 0 : null)
      const id = reviews.insert({
        annotation_id: annotation.id,
        project_id: annotation.project_id,
        organization_id: annotation.organization_id,
        reviewer_id: reviewerId,
        action: input.action,
        agreement,
        lead_time: input.lead_time ?? null,
        created_at: now,
      })
      repos.users.touch(reviewerId, now)
      return reviews.get(id)!
    },
  )

  return {
    create,
    /** Reviews of an annotation the caller can read. */
    list(c: Actor, annotationId: number): ReviewRow[] {
      return reviews.ofAnnotation(annotationFor(c, annotationId, 'read').id)
    },
    /** Without a check: for an annotation body whose annotation was already checked. */
    ofAnnotation: (annotationId: number) => reviews.ofAnnotation(annotationId),
  }
}
export type ReviewsService = ReturnType<typeof reviewsService>
