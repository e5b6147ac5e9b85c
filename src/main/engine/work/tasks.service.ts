import { tasksRepo } from '../../db/repos/tasks.repo'
import type { Repos } from '../../db/repos'
import { writeTransaction, type EngineDeps } from '../deps'
import { notFound } from '../errors'

export type JsonObject = Record<string, unknown>

/** Tasks of a project: the data that annotations are made on. Access is checked by the caller. */
export function tasksService(deps: EngineDeps, repos: Repos) {
  const tasks = tasksRepo(deps.db)

  function own(orgId: number, id: number) {
    const t = tasks.get(id)
    const p = t ? repos.projects.get(t.project_id) : undefined
    if (!t || !p || p.organization_id !== orgId) throw notFound('Task', id)
    return { task: t, project: p }
  }

  const create = writeTransaction(
    deps.db,
    (userId: number, projectId: number, data: JsonObject, meta: JsonObject = {}): number => {
      const now = deps.now()
      const id = tasks.insert({
        project_id: projectId,
        data: JSON.stringify(data),
        meta: JSON.stringify(meta),
        created_by: userId,
        created_at: now,
      })
      repos.projects.update({ ...repos.projects.get(projectId)!, updated_at: now })
      return id
    },
  )

  const update = writeTransaction(
    deps.db,
    (id: number, patch: { data?: JsonObject; meta?: JsonObject }) => {
      const t = tasks.get(id)
      if (!t) throw notFound('Task', id)
      tasks.update({
        id,
        data: patch.data === undefined ? t.data : JSON.stringify(patch.data),
        meta: patch.meta === undefined ? t.meta : JSON.stringify(patch.meta),
        updated_at: deps.now(),
      })
    },
  )

  return {
    own,
    get: (id: number) => tasks.getWithCounts(id),
    /** One page of a project's tasks (1-based page) with the project's totals. */
    page(projectId: number, page: number, pageSize: number) {
      return {
        rows: tasks.page(projectId, pageSize, (page - 1) * pageSize),
        totals: tasks.totals(projectId),
      }
    },
    create,
    update,
    remove: (id: number) => tasks.remove(id),
    repo: tasks,
  }
}
export type TasksService = ReturnType<typeof tasksService>
