import { predictionsRepo, type PredictionRow } from '../../db/repos/predictions.repo'
import type { TaskRow } from '../../db/repos/tasks.repo'
import type { EngineDeps } from '../deps'

export interface PredictionInput {
  result: unknown[]
  score?: number | null
  model_version?: string
}

/** Model predictions attached to tasks. */
export function predictionsService(deps: EngineDeps) {
  const predictions = predictionsRepo(deps.db)
  return {
    get: (id: number) => predictions.get(id),
    ofTask: (taskId: number) => predictions.ofTask(taskId),
    ofProject: (projectId: number) => predictions.ofProject(projectId),
    create(userId: number, task: TaskRow, input: PredictionInput): PredictionRow {
      const id = predictions.insert({
        task_id: task.id,
        project_id: task.project_id,
        result: JSON.stringify(input.result),
        score: input.score ?? null,
        model_version: input.model_version ?? '',
        created_by: userId,
        created_at: deps.now(),
      })
      return predictions.get(id)!
    },
  }
}
export type PredictionsService = ReturnType<typeof predictionsService>
