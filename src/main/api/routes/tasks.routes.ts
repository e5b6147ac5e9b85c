import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Engine } from '../../engine/engine'
import { badRequest, notFoundError, parseBody, pathId } from '../errors'
import { pageOf } from '../pagination'
import { callerOf, requireProject, type ProjectAction } from '../permissions'
import { taskBody } from '../serializers'
import type { RouteModule } from './types'

const DataObject = z.record(z.string(), z.unknown())
const Create = z.object({
  project: z.number().int().positive(),
  data: DataObject,
  meta: DataObject.optional(),
})
const Update = z.object({ data: DataObject.optional(), meta: DataObject.optional() })

/** A task and its project, if the caller may do `action` there (404 when invisible). */
export function requireTask(
  engine: Engine,
  request: FastifyRequest,
  id: number,
  action: ProjectAction,
) {
  const task = engine.tasks.repo.get(id)
  if (!task) throw notFoundError()
  const project = requireProject(engine, request, task.project_id, action)
  return { task, project }
}

export const tasksRoutes: RouteModule = (app, { engine }) => {
  const taskId = (request: FastifyRequest) => pathId((request.params as { id: string }).id)

  app.get(
    '/api/tasks',
    { config: { summary: 'List tasks of a project (?project=; page size 100)' } },
    async (request) => {
      const q = request.query as Record<string, unknown>
      if (q.project === undefined) throw badRequest('project is required', 'project')
      const project = requireProject(engine, request, pathId(q.project), 'read')
      const page = pageOf(request, { size: 100, max: 1000 })
      const { rows, totals } = engine.tasks.page(project.id, page.page, page.pageSize)
      return {
        tasks: rows.map((t) => taskBody(engine, t, false)),
        total: totals.tasks,
        total_annotations: totals.annotations,
        total_predictions: totals.predictions,
      }
    },
  )

  app.post('/api/tasks', { config: { summary: 'Create a task' } }, async (request, reply) => {
    callerOf(request)
    const body = parseBody(Create, request.body)
    const project = requireProject(engine, request, body.project, 'manage')
    const id = engine.tasks.create(callerOf(request).userId, project.id, body.data, body.meta)
    return reply.code(201).send(taskBody(engine, engine.tasks.get(id)!, true))
  })

  app.get('/api/tasks/:id', { config: { summary: 'Get a task' } }, async (request) => {
    const { task } = requireTask(engine, request, taskId(request), 'read')
    return taskBody(engine, engine.tasks.get(task.id)!, true)
  })

  app.patch('/api/tasks/:id', { config: { summary: 'Update a task' } }, async (request) => {
    const { task } = requireTask(engine, request, taskId(request), 'manage')
    engine.tasks.update(task.id, parseBody(Update, request.body))
    return taskBody(engine, engine.tasks.get(task.id)!, true)
  })

  app.delete('/api/tasks/:id', { config: { summary: 'Delete a task' } }, async (request, reply) => {
    const { task } = requireTask(engine, request, taskId(request), 'manage')
    engine.tasks.remove(task.id)
    return reply.code(204).send()
  })
}
