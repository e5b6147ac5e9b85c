import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { ProjectAction } from '../../engine/access/policy'
import type { Engine } from '../../engine/engine'
import { badRequest, pathId } from '../errors'
import { checkPage, jsonStream, pageOf, sendStream, STREAMED_OVER } from '../pagination'
import { callerOf, requireProject } from '../permissions'
import { IdParams, NoContent, PageQuery, QueryId, streamed, TaskDetail, TaskPage } from '../schemas'
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

const ListQuery = z.looseObject({ project: QueryId, ...PageQuery })

export const tasksRoutes: RouteModule = (app, { engine }) => {
  app.get(
    '/api/tasks',
    {
      config: { summary: 'List tasks of a project (?project=; page size 100, any page_size)' },
      schema: {
        querystring: ListQuery,
        response: { 200: TaskPage.or(streamed('Pages over 1,000 tasks are streamed')) },
      },
    },
    async (request, reply) => {
      const q = request.query
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

  app.post(
    '/api/tasks',
    {
      config: { summary: 'Create a task' },
      schema: { body: Create, response: { 201: TaskDetail } },
    },
    async (request, reply) => {
      const p = callerOf(request)
      const body = request.body
      const project = requireProject(engine, request, body.project, 'manage')
      return reply
        .code(201)
        .send(taskDetailBody(engine.tasks.create(p, project.id, body.data, body.meta)))
    },
  )

  app.get(
    '/api/tasks/:id',
    {
      config: { summary: 'Get a task' },
      schema: { params: IdParams, response: { 200: TaskDetail } },
    },
    async (request) => {
      const { task } = requireTask(engine, request, request.params.id, 'read')
      return taskDetailBody(engine.tasks.detail(callerOf(request), task.id))
    },
  )

  app.patch(
    '/api/tasks/:id',
    {
      config: { summary: 'Update a task' },
      schema: { params: IdParams, body: Update, response: { 200: TaskDetail } },
    },
    async (request) => {
      const { task } = requireTask(engine, request, request.params.id, 'manage')
      return taskDetailBody(engine.tasks.update(callerOf(request), task.id, request.body))
    },
  )

  app.delete(
    '/api/tasks/:id',
    {
      config: { summary: 'Delete a task' },
      schema: { params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const { task } = requireTask(engine, request, request.params.id, 'manage')
      engine.tasks.remove(callerOf(request), task.id)
      return reply.code(204).send()
    },
  )
}
