import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { ProjectAction } from '../../engine/access/policy'
import type { Engine } from '../../engine/engine'
import { badRequest, parseBody, pathId } from '../errors'
import { checkPage, jsonStream, pageOf, sendStream, STREAMED_OVER } from '../pagination'
import { callerOf, requireProject } from '../permissions'
import { taskBody, taskDetailBody } from '../serializers'
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
  const { task } = engine.tasks.require(callerOf(request), id, 'read')
  return { task, project: requireProject(engine, request, task.project_id, action) }
}

/** Label Studio's TaskPagination: 100 a page, any page_size (TASK_API_PAGE_SIZE_MAX unset). */
export const TASKS_PAGING = { size: 100 }

function* mapRows<T, U>(chunks: Iterable<T[]>, fn: (t: T) => U): Generator<U[]> {
  for (const chunk of chunks) yield chunk.map(fn)
}

export const tasksRoutes: RouteModule = (app, { engine }) => {
  const taskId = (request: FastifyRequest) => pathId((request.params as { id: string }).id)

  app.get(
    '/api/tasks',
    { config: { summary: 'List tasks of a project (?project=; page size 100, any page_size)' } },
    async (request, reply) => {
      const q = request.query as Record<string, unknown>
      if (q.project === undefined) throw badRequest('project is required', 'project')
      const project = requireProject(engine, request, pathId(q.project), 'read')
      const totals = engine.exports.totals(project.id)
      const page = checkPage(pageOf(request, TASKS_PAGING), totals.tasks)
      // Label Studio's TaskPagination answer, in its key order.
      const head = {
        total_annotations: totals.annotations,
        total_predictions: totals.predictions,
        total: totals.tasks,
      }
      if (page.pageSize > STREAMED_OVER) {
        const offset = (page.page - 1) * page.pageSize
        const chunks = engine.exports.taskPage(project.id, offset, page.pageSize)
        return sendStream(reply, jsonStream(head, 'tasks', mapRows(chunks, taskBody)))
      }
      const { rows } = engine.tasks.page(callerOf(request), project.id, page.page, page.pageSize)
      return { ...head, tasks: rows.map(taskBody) }
    },
  )

  app.post('/api/tasks', { config: { summary: 'Create a task' } }, async (request, reply) => {
    const p = callerOf(request)
    const body = parseBody(Create, request.body)
    const project = requireProject(engine, request, body.project, 'manage')
    return reply
      .code(201)
      .send(taskDetailBody(engine.tasks.create(p, project.id, body.data, body.meta)))
  })

  app.get('/api/tasks/:id', { config: { summary: 'Get a task' } }, async (request) => {
    const { task } = requireTask(engine, request, taskId(request), 'read')
    return taskDetailBody(engine.tasks.detail(callerOf(request), task.id))
  })

  app.patch('/api/tasks/:id', { config: { summary: 'Update a task' } }, async (request) => {
    const { task } = requireTask(engine, request, taskId(request), 'manage')
    return taskDetailBody(
      engine.tasks.update(callerOf(request), task.id, parseBody(Update, request.body)),
    )
  })

  app.delete('/api/tasks/:id', { config: { summary: 'Delete a task' } }, async (request, reply) => {
    const { task } = requireTask(engine, request, taskId(request), 'manage')
    engine.tasks.remove(callerOf(request), task.id)
    return reply.code(204).send()
  })
}
