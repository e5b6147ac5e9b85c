import type { Db } from '../open'

export interface TaskRow {
  id: number
  project_id: number
  data: string
  meta: string
  created_by: number | null
  created_at: number
  updated_at: number
}

/** A task with the counts the Label Studio task list reports. */
export type TaskListRow = TaskRow & {
  total_annotations: number
  cancelled_annotations: number
  total_predictions: number
}

export interface ProjectStats {
  task_number: number
  total_annotations_number: number
  skipped_annotations_number: number
  ground_truth_number: number
  total_predictions_number: number
  num_tasks_with_annotations: number
}

const NO_STATS: ProjectStats = {
  task_number: 0,
  total_annotations_number: 0,
  skipped_annotations_number: 0,
  ground_truth_number: 0,
  total_predictions_number: 0,
  num_tasks_with_annotations: 0,
}

export type TaskInsert = Omit<TaskRow, 'id' | 'updated_at'>

const WITH_COUNTS = `SELECT t.*,
   (SELECT count(*) FROM annotations a WHERE a.task_id = t.id AND a.was_cancelled = 0) AS total_annotations,
   (SELECT count(*) FROM annotations a WHERE a.task_id = t.id AND a.was_cancelled = 1) AS cancelled_annotations,
   (SELECT count(*) FROM predictions p WHERE p.task_id = t.id) AS total_predictions
 FROM tasks t`

export function tasksRepo(db: Db) {
  const get = db.prepare<[number], TaskRow>('SELECT * FROM tasks WHERE id = ?')
  const getWithCounts = db.prepare<[number], TaskListRow>(`${WITH_COUNTS} WHERE t.id = ?`)
  const page = db.prepare<{ project_id: number; limit: number; offset: number }, TaskListRow>(
    `${WITH_COUNTS} WHERE t.project_id = @project_id ORDER BY t.id LIMIT @limit OFFSET @offset`,
  )
  const totals = db.prepare<
    [number, number, number],
    { tasks: number; annotations: number; predictions: number }
  >(
    `SELECT (SELECT count(*) FROM tasks WHERE project_id = ?) AS tasks,
       (SELECT count(*) FROM annotations WHERE project_id = ? AND was_cancelled = 0) AS annotations,
       (SELECT count(*) FROM predictions WHERE project_id = ?) AS predictions`,
  )
  const stats = db.prepare<{ p: number }, ProjectStats>(
    `SELECT (SELECT count(*) FROM tasks WHERE project_id = @p) AS task_number,
       (SELECT count(*) FROM annotations WHERE project_id = @p AND was_cancelled = 0) AS total_annotations_number,
       (SELECT count(*) FROM annotations WHERE project_id = @p AND was_cancelled = 1) AS skipped_annotations_number,
       (SELECT count(*) FROM annotations WHERE project_id = @p AND ground_truth = 1) AS ground_truth_number,
       (SELECT count(*) FROM predictions WHERE project_id = @p) AS total_predictions_number,
       (SELECT count(DISTINCT task_id) FROM annotations WHERE project_id = @p) AS num_tasks_with_annotations`,
  )
  // The same counters for a page of projects (ids as a JSON array): one grouped pass per table
  // instead of six subqueries per project. Only projects with any task, annotation or
  // prediction get a row; the rest are all zeros.
  const statsOf = db.prepare<[string, string, string], ProjectStats & { project_id: number }>(
    `SELECT project_id, sum(tn) AS task_number, sum(done) AS total_annotations_number,
       sum(skipped) AS skipped_annotations_number, sum(gt) AS ground_truth_number,
       sum(pn) AS total_predictions_number, sum(labelled) AS num_tasks_with_annotations
     FROM (
       SELECT project_id, count(*) AS tn, 0 AS done, 0 AS skipped, 0 AS gt, 0 AS pn, 0 AS labelled
       FROM tasks WHERE project_id IN (SELECT value FROM json_each(?)) GROUP BY project_id
       UNION ALL
       SELECT project_id, 0, sum(was_cancelled = 0), sum(was_cancelled = 1), sum(ground_truth = 1),
         0, count(DISTINCT task_id)
       FROM annotations WHERE project_id IN (SELECT value FROM json_each(?)) GROUP BY project_id
       UNION ALL
       SELECT project_id, 0, 0, 0, 0, count(*), 0
       FROM predictions WHERE project_id IN (SELECT value FROM json_each(?)) GROUP BY project_id
     ) GROUP BY project_id`,
  )
  const insert = db.prepare<TaskInsert>(
    `INSERT INTO tasks (project_id, data, meta, created_by, created_at, updated_at)
     VALUES (@project_id, @data, @meta, @created_by, @created_at, @created_at)`,
  )
  const update = db.prepare<Pick<TaskRow, 'id' | 'data' | 'meta' | 'updated_at'>>(
    'UPDATE tasks SET data = @data, meta = @meta, updated_at = @updated_at WHERE id = @id',
  )
  const remove = db.prepare<[number]>('DELETE FROM tasks WHERE id = ?')
  return {
    get: (id: number) => get.get(id),
    getWithCounts: (id: number) => getWithCounts.get(id),
    page: (projectId: number, limit: number, offset: number) =>
      page.all({ project_id: projectId, limit, offset }),
    /** The counters Label Studio reports on a project. */
    projectStats: (projectId: number) => stats.get({ p: projectId })!,
    /** `projectStats` for many projects in one statement, keyed by project id. */
    projectStatsOf: (projectIds: readonly number[]): Map<number, ProjectStats> => {
      const json = JSON.stringify(projectIds)
      const found = new Map<number, ProjectStats>()
      for (const { project_id, ...stats } of statsOf.all(json, json, json)) {
        found.set(project_id, stats)
      }
      return new Map(projectIds.map((id) => [id, found.get(id) ?? { ...NO_STATS }]))
    },
    totals: (projectId: number) => totals.get(projectId, projectId, projectId)!,
    insert: (row: TaskInsert) => Number(insert.run(row).lastInsertRowid),
    update: (row: Pick<TaskRow, 'id' | 'data' | 'meta' | 'updated_at'>) => void update.run(row),
    remove: (id: number) => void remove.run(id),
  }
}
export type TasksRepo = ReturnType<typeof tasksRepo>
