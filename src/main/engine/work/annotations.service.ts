import { annotationsRepo, type AnnotationRow } from '../../db/repos/annotations.repo'
import type { Repos } from '../../db/repos'
import { tasksRepo } from '../../db/repos/tasks.repo'
import type { ReviewRow } from '../../db/repos/reviews.repo'
import { hidden, type AccessPolicy, type ProjectAction } from '../access/policy'
import { writeTransaction, type Actor, type EngineDeps } from '../deps'

export interface AnnotationInput {
  result?: unknown[]
  was_cancelled?: boolean
  ground_truth?: boolean
  lead_time?: number | null
}

/** An annotation with its author's name and its latest review (the API's body). */
export interface AnnotationDetail {
  annotation: AnnotationRow
  author: { id: number; username: string } | undefined
  lastReview: ReviewRow | undefined
}

/**
 * Annotations on tasks, for a caller: anyone who can read a project annotates there; AN and RE
 * change only their own annotations (the access policy's own-annotation rule).
 */
export function annotationsService(
  deps: EngineDeps,
  repos: Repos,
  access: AccessPolicy,
  reviewsOf: (annotationId: number) => ReviewRow[],
) {
  const annotations = annotationsRepo(deps.db)
  const tasks = tasksRepo(deps.db)

  /** The annotation, if the caller may do `action` in its project. */
  function require(c: Actor, id: number, action: ProjectAction): AnnotationRow {
    const a = annotations.get(id)
    if (!a) throw hidden('Annotation', id)
    access.project(c, a.project_id, action)
    return a
  }

  function detailOf(a: AnnotationRow): AnnotationDetail {
    const author = repos.users.get(a.completed_by)
    const reviews = reviewsOf(a.id)
    return {
      annotation: a,
      author: author && { id: author.id, username: author.username },
      lastReview: reviews[reviews.length - 1],
    }
  }

  const ofTask = (taskId: number) => annotations.ofTask(taskId).map(detailOf)

  const create = writeTransaction(
    deps.db,
    (c: Actor, taskId: number, input: AnnotationInput, at?: number): AnnotationDetail => {
      const project = access.project(c, projectOfTask(taskId), 'annotate')
      const now = at ?? deps.now()
      const id = annotations.insert({
        task_id: taskId,
        project_id: project.id,
        organization_id: project.organization_id,
        completed_by: c.userId,
        result: JSON.stringify(input.result ?? []),
        was_cancelled: input.was_cancelled ? 1 : 0,
        ground_truth: input.ground_truth ? 1 : 0,
        lead_time: input.lead_time ?? null,
        created_at: now,
      })
      repos.users.touch(c.userId, now)
      return detailOf(annotations.get(id)!)
    },
  )

  function projectOfTask(taskId: number): number {
    const row = tasks.get(taskId)
    if (!row) throw hidden('Task', taskId)
    return row.project_id
  }

  const update = writeTransaction(
    deps.db,
    (c: Actor, id: number, patch: AnnotationInput): AnnotationDetail => {
      const a = require(c, id, 'annotate')
      access.annotationWrite(c, a.completed_by)
      annotations.update({
        id,
        result: patch.result === undefined ? a.result : JSON.stringify(patch.result),
        was_cancelled:
          patch.was_cancelled === undefined ? a.was_cancelled : patch.was_cancelled ? 1 : 0,
        ground_truth:
          patch.ground_truth === undefined ? a.ground_truth : patch.ground_truth ? 1 : 0,
        lead_time: patch.lead_time === undefined ? a.lead_time : patch.lead_time,
        updated_at: deps.now(),
      })
      return detailOf(annotations.get(id)!)
    },
  )

  const remove = writeTransaction(deps.db, (c: Actor, id: number) => {
    const a = require(c, id, 'annotate')
    access.annotationWrite(c, a.completed_by, true)
    annotations.remove(id)
  })

  return {
    require,
    detail: (c: Actor, id: number) => detailOf(require(c, id, 'read')),
    /** Annotations of a task the caller can read. */
    list(c: Actor, taskId: number) {
      access.project(c, projectOfTask(taskId), 'read')
      return ofTask(taskId)
    },
    /** Without a check: for a task body whose task was already checked. */
    ofTask,
    create,
    update,
    remove,
  }
}
export type AnnotationsService = ReturnType<typeof annotationsService>
