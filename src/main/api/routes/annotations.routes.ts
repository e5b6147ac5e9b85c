import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { ProjectAction } from '../../engine/access/policy'
import type { Engine } from '../../engine/engine'
import { badRequest } from '../errors'
import { callerOf, requireProject } from '../permissions'
import {
  Annotation as AnnotationShape,
  IdParams,
  NoContent,
  Review as ReviewShape,
} from '../schemas'
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
  const a = engine.annotations.require(callerOf(request), id, 'read')
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
  app.get(
    '/api/tasks/:id/annotations',
    {
      config: { summary: 'List annotations of a task' },
      schema: { params: IdParams, response: { 200: z.array(AnnotationShape) } },
    },
    async (request) => {
      const { task } = requireTask(engine, request, request.params.id, 'read')
      return engine.annotations.list(callerOf(request), task.id).map(annotationBody)
    },
  )

  app.post(
    '/api/tasks/:id/annotations',
    {
      config: { summary: 'Annotate a task' },
      schema: { params: IdParams, body: Annotation, response: { 201: AnnotationShape } },
    },
    async (request, reply) => {
      const { task } = requireTask(engine, request, request.params.id, 'annotate')
      const body = request.body
      const a = engine.annotations.create(callerOf(request), task.id, body)
      return reply.code(201).send(annotationBody(a))
    },
  )

  app.get(
    '/api/annotations/:id',
    {
      config: { summary: 'Get an annotation' },
      schema: { params: IdParams, response: { 200: AnnotationShape } },
    },
    async (request) => {
      const a = requireAnnotation(engine, request, request.params.id, 'read')
      return annotationBody(engine.annotations.detail(callerOf(request), a.id))
    },
  )

  app.patch(
    '/api/annotations/:id',
    {
      config: { summary: 'Update an annotation' },
      schema: { params: IdParams, body: Annotation, response: { 200: AnnotationShape } },
    },
    async (request) => {
      const a = requireAnnotation(engine, request, request.params.id, 'annotate')
      return annotationBody(engine.annotations.update(callerOf(request), a.id, request.body))
    },
  )

  app.delete(
    '/api/annotations/:id',
    {
      config: { summary: 'Delete an annotation' },
      schema: { params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const a = requireAnnotation(engine, request, request.params.id, 'annotate')
      engine.annotations.remove(callerOf(request), a.id)
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/annotations/:id/reviews',
    {
      config: { summary: 'List reviews of an annotation' },
      schema: { params: IdParams, response: { 200: z.array(ReviewShape) } },
    },
    async (request) => {
      const a = requireAnnotation(engine, request, request.params.id, 'read')
      return engine.reviews.list(callerOf(request), a.id).map(reviewBody)
    },
  )

  const review = async (
    request: FastifyRequest,
    annotationId: number,
    body: z.infer<typeof Review>,
  ) => {
    const a = requireAnnotation(engine, request, annotationId, 'review')
    const r = engine.reviews.create(callerOf(request), a.id, {
      action: reviewAction(body),
      agreement: body.agreement,
      lead_time: body.lead_time,
    })
    return reviewBody(r)
  }

  app.post(
    '/api/annotations/:id/reviews',
    {
      config: { summary: 'Review an annotation (accepted, rejected, fixed_accepted)' },
      schema: { params: IdParams, body: Review, response: { 201: ReviewShape } },
    },
    async (request, reply) =>
      reply.code(201).send(await review(request, request.params.id, request.body)),
  )

  app.post(
    '/api/annotation-reviews',
    {
      config: { summary: 'Review an annotation (Label Studio Enterprise form)' },
      schema: { body: ReviewWithTarget, response: { 201: ReviewShape } },
    },
    async (request, reply) => {
      const body = request.body
      return reply.code(201).send(await review(request, body.annotation, body))
    },
  )
}
