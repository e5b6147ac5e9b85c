import { annotationsRepo, type AnnotationRow } from '../../db/repos/annotations.repo'
import type { Repos } from '../../db/repos'
import type { TaskRow } from '../../db/repos/tasks.repo'
import { writeTransaction, type EngineDeps } from '../deps'
import { notFound } from '../errors'

export interface AnnotationInput {
  result?: unknown[]
  was_cancelled?: boolean
  ground_truth?: boolean
  lead_time?: number | null
}

/** Annotations on tasks. Who may do what is decided by the API's permission layer. */
export function annotationsService(deps: EngineDeps, repos: Repos) {
  const annotations = annotationsRepo(deps.db)

  function own(orgId: number, id: number): AnnotationRow {
    const a = annotations.get(id)
    if (!a || a.organization_id !== orgId) throw notFound('Annotation', id)
    return a
  }

  const create = writeTransaction(
    deps.db,
    (
      userId: number,
      orgId: number,
      task: TaskRow,
      input: AnnotationInput,
      at?: number,
    ): AnnotationRow => {
      const now = at ?? deps.now()
      const id = annotations.insert({
        task_id: task.id,
        project_id: task.project_id,
        organization_id: orgId,
        completed_by: userId,
        result: JSON.stringify(input.result ?? []),
        was_cancelled: input.was_cancelled ? 1 : 0,
        ground_truth: input.ground_truth ? 1 : 0,
        lead_time: input.lead_time ?? null,
        created_at: now,
      })
      repos.users.touch(userId, now)
      return annotations.get(id)!
    },
  )

  const update = writeTransaction(deps.db, (id: number, patch: AnnotationInput): AnnotationRow => {
    const a = annotations.get(id)
    if (!a) throw notFound('Annotation', id)
    annotations.update({
      id,
      result: patch.result === undefined ? a.result : JSON.stringify(patch.result),
      was_cancelled:
        patch.was_cancelled === undefined ? a.was_cancelled : patch.was_cancelled ? 1 : 0,
      ground_truth: patch.ground_truth === undefined ? a.ground_truth : patch.ground_truth ? 1 : 0,
      lead_time: patch.lead_time === undefined ? a.lead_time : patch.lead_time,
      updated_at: deps.now(),
    })
    return annotations.get(id)!
  })

  return {
    own,
    get: (id: number) => annotations.get(id),
    ofTask: (taskId: number) => annotations.ofTask(taskId),
    create,
    update,
    remove: (id: number) => annotations.remove(id),
  }
}
export type AnnotationsService = ReturnType<typeof annotationsService>
