import { z } from 'zod'
import { parseBody, pathId } from '../errors'
import { callerOf, requireProject } from '../permissions'
import { predictionBody } from '../serializers'
import { requireTask } from './tasks.routes'
import type { RouteModule } from './types'

const Create = z.object({
  task: z.number().int().positive(),
  result: z.array(z.unknown()).max(100_000),
  score: z.number().nullable().optional(),
  model_version: z.string().max(200).optional(),
})

export const predictionsRoutes: RouteModule = (app, { engine }) => {
  app.get(
    '/api/predictions',
    { config: { summary: 'List predictions (?task= or ?project=)' } },
    async (request) => {
      const q = request.query as Record<string, unknown>
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
    { config: { summary: 'Create a prediction' } },
    async (request, reply) => {
      const p = callerOf(request)
      const body = parseBody(Create, request.body)
      const { task } = requireTask(engine, request, body.task, 'manage')
      return reply.code(201).send(predictionBody(engine.predictions.create(p, task.id, body)))
    },
  )

  app.get('/api/predictions/:id', { config: { summary: 'Get a prediction' } }, async (request) => {
    const p = engine.predictions.get(
      callerOf(request),
      pathId((request.params as { id: string }).id),
    )
    requireProject(engine, request, p.project_id, 'read')
    return predictionBody(p)
  })
}
