import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Engine } from '../../engine/engine'
import { badRequest, notFoundError, parseBody, pathId } from '../errors'
import {
  callerOf,
  requireAnnotationWrite,
  requireProject,
  type ProjectAction,
} from '../permissions'
import { annotationBody, reviewBody } from '../serializers'
import { requireTask } from './tasks.routes'
import type { RouteModule } from './types'

const Annotation = z.object({
  result: z.array(z.unknown()).max(100_000).optional(),
  was_cancelled: z.boolean().optional(),
  ground_truth: z.boolean().optional(),
  lead_time: z.number().nonnegative().nullable().optional(),
})
const Review = z.object({
  action: z.enum(['accepted', 'rejected', 'fixed_accepted']).optional(),
  accepted: z.boolean().optional(),
  fixed: z.boolean().optional(),
  agreement: z.number().min(0).max(1).nullable().optional(),
  lead_time: z.number().nonnegative().nullable().optional(),
})
const ReviewWithTarget = Review.extend({ annotation: z.number().int().positive() })

function requireAnnotation(
  engine: Engine,
  request: FastifyRequest,
  id: number,
  action: ProjectAction,
) {
  const a = engine.annotations.get(id)
  if (!a) throw notFoundError()
  requireProject(engine, request, a.project_id, action)
  return a
}

/** `action`, or Label Studio Enterprise's `accepted` (+ our `fixed`) booleans. */
function reviewAction(body: z.infer<typeof Review>) {
  if (body.action) return body.action
  if (body.accepted === undefined) throw badRequest('action or accepted is required', 'action')
  return body.accepted ? (body.fixed ? 'fixed_accepted' : 'accepted') : 'rejected'
}

export const annotationsRoutes: RouteModule = (app, { engine }) => {
  const id = (request: FastifyRequest) => pathId((request.params as { id: string }).id)

  app.get(
    '/api/tasks/:id/annotations',
    { config: { summary: 'List annotations of a task' } },
    async (request) => {
      const { task } = requireTask(engine, request, id(request), 'read')
      return engine.annotations.ofTask(task.id).map((a) => annotationBody(engine, a))
    },
  )

  app.post(
    '/api/tasks/:id/annotations',
    { config: { summary: 'Annotate a task' } },
    async (request, reply) => {
      const { task, project } = requireTask(engine, request, id(request), 'annotate')
      const body = parseBody(Annotation, request.body)
      const p = callerOf(request)
      const a = engine.annotations.create(p.userId, project.organization_id, task, body)
      return reply.code(201).send(annotationBody(engine, a))
    },
  )

  app.get('/api/annotations/:id', { config: { summary: 'Get an annotation' } }, async (request) => {
    return annotationBody(engine, requireAnnotation(engine, request, id(request), 'read'))
  })

  app.patch(
    '/api/annotations/:id',
    { config: { summary: 'Update an annotation' } },
    async (request) => {
      const a = requireAnnotation(engine, request, id(request), 'annotate')
      requireAnnotationWrite(callerOf(request), a.completed_by)
      return annotationBody(
        engine,
        engine.annotations.update(a.id, parseBody(Annotation, request.body)),
      )
    },
  )

  app.delete(
    '/api/annotations/:id',
    { config: { summary: 'Delete an annotation' } },
    async (request, reply) => {
      const a = requireAnnotation(engine, request, id(request), 'annotate')
      requireAnnotationWrite(callerOf(request), a.completed_by, true)
      engine.annotations.remove(a.id)
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/annotations/:id/reviews',
    { config: { summary: 'List reviews of an annotation' } },
    async (request) => {
      const a = requireAnnotation(engine, request, id(request), 'read')
      return engine.reviews.ofAnnotation(a.id).map(reviewBody)
    },
  )

  const review = async (
    request: FastifyRequest,
    annotationId: number,
    body: z.infer<typeof Review>,
  ) => {
    const a = requireAnnotation(engine, request, annotationId, 'review')
    const r = engine.reviews.create(callerOf(request).userId, a, {
      action: reviewAction(body),
      agreement: body.agreement,
      lead_time: body.lead_time,
    })
    return reviewBody(r)
  }

  app.post(
    '/api/annotations/:id/reviews',
    { config: { summary: 'Review an annotation (accepted, rejected, fixed_accepted)' } },
    async (request, reply) =>
      reply.code(201).send(await review(request, id(request), parseBody(Review, request.body))),
  )

  app.post(
    '/api/annotation-reviews',
    { config: { summary: 'Review an annotation (Label Studio Enterprise form)' } },
    async (request, reply) => {
      const body = parseBody(ReviewWithTarget, request.body)
      return reply.code(201).send(await review(request, body.annotation, body))
    },
  )
}
