import type { Db } from '../open'

export interface AnnotationRow {
  id: number
  task_id: number
  project_id: number
  organization_id: number
  completed_by: number
  result: string
  was_cancelled: 0 | 1
  ground_truth: 0 | 1
  lead_time: number | null
  created_at: number
  updated_at: number
}

export type AnnotationInsert = Omit<AnnotationRow, 'id' | 'updated_at'>
export type AnnotationUpdate = Pick<
  AnnotationRow,
  'id' | 'result' | 'was_cancelled' | 'ground_truth' | 'lead_time' | 'updated_at'
>

export function annotationsRepo(db: Db) {
  const get = db.prepare<[number], AnnotationRow>('SELECT * FROM annotations WHERE id = ?')
  const ofTask = db.prepare<[number], AnnotationRow>(
    'SELECT * FROM annotations WHERE task_id = ? ORDER BY id',
  )
  const insert = db.prepare<AnnotationInsert>(
    `INSERT INTO annotations (task_id, project_id, organization_id, completed_by, result,
       was_cancelled, ground_truth, lead_time, created_at, updated_at)
     VALUES (@task_id, @project_id, @organization_id, @completed_by, @result, @was_cancelled,
       @ground_truth, @lead_time, @created_at, @created_at)`,
  )
  const update = db.prepare<AnnotationUpdate>(
    `UPDATE annotations SET result = @result, was_cancelled = @was_cancelled,
       ground_truth = @ground_truth, lead_time = @lead_time, updated_at = @updated_at WHERE id = @id`,
  )
  const remove = db.prepare<[number]>('DELETE FROM annotations WHERE id = ?')
  return {
    get: (id: number) => get.get(id),
    ofTask: (taskId: number) => ofTask.all(taskId),
    insert: (row: AnnotationInsert) => Number(insert.run(row).lastInsertRowid),
    update: (row: AnnotationUpdate) => void update.run(row),
    remove: (id: number) => void remove.run(id),
  }
}
export type AnnotationsRepo = ReturnType<typeof annotationsRepo>
