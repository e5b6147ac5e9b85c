import { z } from 'zod'
import { pathId } from '../errors'
import { callerOf, requireProject } from '../permissions'
import { IdParams, Prediction, QueryId } from '../schemas'
import { predictionBody } from '../serializers'
import { requireTask } from './tasks.routes'
import type { RouteModule } from './types'

const Create = z.object({
  task: z.number().int().positive(),
  result: z.array(z.unknown()).max(100_000),
  score: z.number().nullable().optional(),
  model_version: z.string().max(200).optional(),
})

const ListQuery = z.looseObject({ task: QueryId, project: QueryId, task__project: QueryId })

export const predictionsRoutes: RouteModule = (app, { engine }) => {
  app.get(
    '/api/predictions',
    {
      config: { summary: 'List predictions (?task= or ?project=)' },
      schema: { querystring: ListQuery, response: { 200: z.array(Prediction) } },
    },
    async (request) => {
      const q = request.query
      if (q.task !== undefined) {
        const { task } = requireTask(engine, request, pathId(q.task), 'read')
        return engine.predictions.list(callerOf(request), { taskId: task.id }).map(predictionBody)
      }
      const projectParam = q.project ?? q.task__project
      if (projectParam !== undefined) {
        const project = requireProject(engine, request, pathId(projectParam), 'read')
        return engine.predictions
          .list(callerOf(request), { projectId: project.id })
          .map(predictionBody)
      }
      return engine.predictions.list(callerOf(request), {}).map(predictionBody)
    },
  )

  app.post(
    '/api/predictions',
    {
      config: { summary: 'Create a prediction' },
      schema: { body: Create, response: { 201: Prediction } },
    },
    async (request, reply) => {
      const p = callerOf(request)
      const body = request.body
      const { task } = requireTask(engine, request, body.task, 'manage')
      return reply.code(201).send(predictionBody(engine.predictions.create(p, task.id, body)))
    },
  )

  app.get(
    '/api/predictions/:id',
    {
      config: { summary: 'Get a prediction' },
      schema: { params: IdParams, response: { 200: Prediction } },
    },
    async (request) => {
      const p = engine.predictions.get(callerOf(request), request.params.id)
      requireProject(engine, request, p.project_id, 'read')
      return predictionBody(p)
    },
  )
}
