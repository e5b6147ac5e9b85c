import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Engine } from '../../engine/engine'
import { badRequest, notFoundError, parseBody, pathId } from '../errors'
import { checkPage, jsonStream, pageOf, sendStream, STREAMED_OVER } from '../pagination'
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
        return sendStream(
          reply,
          jsonStream(
            head,
            'tasks',
            mapRows(chunks, (t) => taskBody(engine, t, false)),
          ),
        )
      }
      const { rows } = engine.tasks.page(project.id, page.page, page.pageSize)
      return { ...head, tasks: rows.map((t) => taskBody(engine, t, false)) }
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
