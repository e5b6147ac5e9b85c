import { predictionsRepo, type PredictionRow } from '../../db/repos/predictions.repo'
import { tasksRepo } from '../../db/repos/tasks.repo'
import { hidden, type AccessPolicy } from '../access/policy'
import type { Actor, EngineDeps } from '../deps'

export interface PredictionInput {
  result: unknown[]
  score?: number | null
  model_version?: string
}

/** Model predictions attached to tasks: read where the project is readable, made by managers. */
export function predictionsService(deps: EngineDeps, access: AccessPolicy) {
  const predictions = predictionsRepo(deps.db)
  const tasks = tasksRepo(deps.db)

  function taskOf(c: Actor, taskId: number, action: 'read' | 'manage') {
    const task = tasks.get(taskId)
    if (!task) throw hidden('Task', taskId)
    access.project(c, task.project_id, action)
    return task
  }

  return {
    get(c: Actor, id: number): PredictionRow {
      const p = predictions.get(id)
      if (!p) throw hidden('Prediction', id)
      access.project(c, p.project_id, 'read')
      return p
    },
    /** Without a check: for a task body whose task was already checked. */
    ofTask: (taskId: number) => predictions.ofTask(taskId),
    /** Of one task, of one project, or of every project the caller can see. */
    list(c: Actor, where: { taskId?: number; projectId?: number }): PredictionRow[] {
      if (where.taskId !== undefined) return predictions.ofTask(taskOf(c, where.taskId, 'read').id)
      if (where.projectId !== undefined) {
        return predictions.ofProject(access.project(c, where.projectId, 'read').id)
      }
      return access.visibleProjects(c).flatMap((p) => predictions.ofProject(p.id))
    },
    create(c: Actor, taskId: number, input: PredictionInput): PredictionRow {
      const task = taskOf(c, taskId, 'manage')
      const id = predictions.insert({
        task_id: task.id,
        project_id: task.project_id,
        result: JSON.stringify(input.result),
        score: input.score ?? null,
        model_version: input.model_version ?? '',
        created_by: c.userId,
        created_at: deps.now(),
      })
      return predictions.get(id)!
    },
  }
}
export type PredictionsService = ReturnType<typeof predictionsService>
