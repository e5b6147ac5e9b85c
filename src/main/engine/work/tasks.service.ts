import { tasksRepo, type TaskListRow } from '../../db/repos/tasks.repo'
import type { PredictionRow } from '../../db/repos/predictions.repo'
import type { Repos } from '../../db/repos'
import type { AccessPolicy, ProjectAction } from '../access/policy'
import { hidden } from '../access/policy'
import { writeTransaction, type Actor, type EngineDeps } from '../deps'
import type { AnnotationDetail } from './annotations.service'

export type JsonObject = Record<string, unknown>

/** A task with its annotations and predictions (the API's single-task body). */
export interface TaskDetail {
  task: TaskListRow
  annotations: AnnotationDetail[]
  predictions: PredictionRow[]
}

interface Related {
  annotationsOf: (taskId: number) => AnnotationDetail[]
  predictionsOf: (taskId: number) => PredictionRow[]
}

/** Tasks of a project, for a caller: reading needs read access, writing needs manage. */
export function tasksService(
  deps: EngineDeps,
  repos: Repos,
  access: AccessPolicy,
  related: () => Related,
) {
  const tasks = tasksRepo(deps.db)

  /** The task and its project, if the caller may do `action` in that project. */
  function require(c: Actor, id: number, action: ProjectAction) {
    const task = tasks.get(id)
    if (!task) throw hidden('Task', id)
    const project = access.project(c, task.project_id, action)
    return { task, project }
  }

  function detail(c: Actor, id: number): TaskDetail {
    require(c, id, 'read')
    return detailOf(id)
  }

  function detailOf(id: number): TaskDetail {
    const r = related()
    return {
      task: tasks.getWithCounts(id)!,
      annotations: r.annotationsOf(id),
      predictions: r.predictionsOf(id),
    }
  }

  const create = writeTransaction(
    deps.db,
    (c: Actor, projectId: number, data: JsonObject, meta: JsonObject = {}): TaskDetail => {
      const project = access.project(c, projectId, 'manage')
      const now = deps.now()
      const id = tasks.insert({
        project_id: project.id,
        data: JSON.stringify(data),
        meta: JSON.stringify(meta),
        created_by: c.userId,
        created_at: now,
      })
      repos.projects.update({ ...project, updated_at: now })
      return detailOf(id)
    },
  )

  const update = writeTransaction(
    deps.db,
    (c: Actor, id: number, patch: { data?: JsonObject; meta?: JsonObject }): TaskDetail => {
      const { task: t } = require(c, id, 'manage')
      tasks.update({
        id,
        data: patch.data === undefined ? t.data : JSON.stringify(patch.data),
        meta: patch.meta === undefined ? t.meta : JSON.stringify(patch.meta),
        updated_at: deps.now(),
      })
      return detailOf(id)
    },
  )

  const remove = writeTransaction(deps.db, (c: Actor, id: number) => {
    require(c, id, 'manage')
    tasks.remove(id)
  })

  return {
    require,
    detail,
    /** One page of a project's tasks (1-based page) with the project's totals. */
    page(c: Actor, projectId: number, page: number, pageSize: number) {
      const project = access.project(c, projectId, 'read')
      return {
        project,
        rows: tasks.page(project.id, pageSize, (page - 1) * pageSize),
        totals: tasks.totals(project.id),
      }
    },
    create,
    update,
    remove,
  }
}
export type TasksService = ReturnType<typeof tasksService>
