import type { Db } from '../open'

export interface PredictionRow {
  id: number
  task_id: number
  project_id: number
  result: string
  score: number | null
  model_version: string
  created_by: number | null
  created_at: number
  updated_at: number
}

export type PredictionInsert = Omit<PredictionRow, 'id' | 'updated_at'>

export function predictionsRepo(db: Db) {
  const get = db.prepare<[number], PredictionRow>('SELECT * FROM predictions WHERE id = ?')
  const ofTask = db.prepare<[number], PredictionRow>(
    'SELECT * FROM predictions WHERE task_id = ? ORDER BY id',
  )
  const ofProject = db.prepare<[number], PredictionRow>(
    'SELECT * FROM predictions WHERE project_id = ? ORDER BY id',
  )
  const insert = db.prepare<PredictionInsert>(
    `INSERT INTO predictions (task_id, project_id, result, score, model_version, created_by,
       created_at, updated_at)
     VALUES (@task_id, @project_id, @result, @score, @model_version, @created_by, @created_at,
       @created_at)`,
  )
  return {
    get: (id: number) => get.get(id),
    ofTask: (taskId: number) => ofTask.all(taskId),
    ofProject: (projectId: number) => ofProject.all(projectId),
    insert: (row: PredictionInsert) => Number(insert.run(row).lastInsertRowid),
  }
}
export type PredictionsRepo = ReturnType<typeof predictionsRepo>
