import type { Db } from '../open'
import type { AnnotationRow } from './annotations.repo'
import type { PredictionRow } from './predictions.repo'
import type { TaskListRow } from './tasks.repo'

const COUNTS = `SELECT t.*,
   (SELECT count(*) FROM annotations a WHERE a.task_id = t.id AND a.was_cancelled = 0) AS total_annotations,
   (SELECT count(*) FROM annotations a WHERE a.task_id = t.id AND a.was_cancelled = 1) AS cancelled_annotations,
   (SELECT count(*) FROM predictions p WHERE p.task_id = t.id) AS total_predictions
 FROM tasks t`

// Label Studio exports "labeled" tasks unless asked for all; here a task with any annotation
// (a skip included, as Label Studio counts a skipped task as done).
const LABELED = 'EXISTS (SELECT 1 FROM annotations a WHERE a.task_id = t.id)'
// `ids` is a JSON array of task ids, or null for every task.
const IN_IDS = '(@ids IS NULL OR t.id IN (SELECT value FROM json_each(@ids)))'

interface RangeQuery {
  project_id: number
  labeled: 0 | 1
  ids: string | null
}

/**
 * Reads for long answers that go out in chunks (large task pages, exports): keyset pages in id
 * order over the `tasks_project (project_id, id)` index, and a chunk's annotations and
 * predictions for a range of task ids in one statement each.
 */
export function exportsRepo(db: Db) {
  const first = db.prepare<{ project_id: number; limit: number; offset: number }, TaskListRow>(
    `${COUNTS} WHERE t.project_id = @project_id ORDER BY t.id LIMIT @limit OFFSET @offset`,
  )
  const after = db.prepare<RangeQuery & { after: number; limit: number }, TaskListRow>(
    `${COUNTS} WHERE t.project_id = @project_id AND t.id > @after
       AND (@labeled = 0 OR ${LABELED}) AND ${IN_IDS}
     ORDER BY t.id LIMIT @limit`,
  )
  const count = db.prepare<RangeQuery, number>(
    `SELECT count(*) FROM tasks t WHERE t.project_id = @project_id
       AND (@labeled = 0 OR ${LABELED}) AND ${IN_IDS}`,
  )
  const annotations = db.prepare<
    { project_id: number; from: number; to: number },
    AnnotationRow & { completed_by_email: string | null }
  >(
    `SELECT a.*, u.email AS completed_by_email FROM annotations a
       LEFT JOIN users u ON u.id = a.completed_by
     WHERE a.task_id BETWEEN @from AND @to AND a.project_id = @project_id ORDER BY a.task_id, a.id`,
  )
  const predictions = db.prepare<{ project_id: number; from: number; to: number }, PredictionRow>(
    `SELECT * FROM predictions WHERE task_id BETWEEN @from AND @to AND project_id = @project_id
     ORDER BY task_id, id`,
  )
  return {
    /** Tasks of a project from `offset`, in id order, with their counts. */
    first: (projectId: number, offset: number, limit: number) =>
      first.all({ project_id: projectId, offset, limit }),
    after: (q: RangeQuery & { after: number; limit: number }) => after.all(q),
    count: (q: RangeQuery) => count.pluck().get(q) ?? 0,
    annotationsBetween: (projectId: number, from: number, to: number) =>
      annotations.all({ project_id: projectId, from, to }),
    predictionsBetween: (projectId: number, from: number, to: number) =>
      predictions.all({ project_id: projectId, from, to }),
  }
}
export type ExportsRepo = ReturnType<typeof exportsRepo>
