import type { AnnotationRow } from '../../db/repos/annotations.repo'
import { reviewsRepo, type ReviewAction, type ReviewRow } from '../../db/repos/reviews.repo'
import type { Repos } from '../../db/repos'
import { writeTransaction, type EngineDeps } from '../deps'
import { invalid } from '../errors'

export interface ReviewInput {
  action: ReviewAction
  /** 0..1; for fixed+accepted, how much of the annotation survived the fix. */
  agreement?: number | null
  lead_time?: number | null
}

/** Reviews of annotations (accept, reject, fix+accept): what the performance dashboard scores. */
export function reviewsService(deps: EngineDeps, repos: Repos) {
  const reviews = reviewsRepo(deps.db)

  const create = writeTransaction(
    deps.db,
    (reviewerId: number, annotation: AnnotationRow, input: ReviewInput, at?: number): ReviewRow => {
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

  return { create, ofAnnotation: (annotationId: number) => reviews.ofAnnotation(annotationId) }
}
export type ReviewsService = ReturnType<typeof reviewsService>
