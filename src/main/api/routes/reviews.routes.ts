import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Engine } from '../../engine/engine'
import type { ReviewAction } from '../../db/repos/reviews.repo'
import { badRequest, notFoundError } from '../errors'
import { jsonArrayStream, sendStream } from '../pagination'
import { callerOf, requireProject, visibleProjects } from '../permissions'
import { IdParams, NoContent, PATH_ID, QueryId, Review, streamed } from '../schemas'
import { reviewBody } from '../serializers'
import type { RouteModule } from './types'

const Patch = z.object({
  action: z.enum(['accepted', 'rejected', 'fixed_accepted']).optional(),
  accepted: z.boolean().optional(),
  fixed: z.boolean().optional(),
  agreement: z.number().min(0).max(1).nullable().optional(),
  lead_time: z.number().nonnegative().nullable().optional(),
})

/** `action`, or Label Studio Enterprise's `accepted` (+ `fixed`) booleans, if the body has one. */
function actionOf(body: z.infer<typeof Patch>): ReviewAction | undefined {
  if (body.action) return body.action
  if (body.accepted === undefined) return undefined
  return body.accepted ? (body.fixed ? 'fixed_accepted' : 'accepted') : 'rejected'
}

const queryId = (value: unknown, name: string): number | undefined => {
  if (value === undefined || value === '') return undefined
  const s = String(value)
  if (!PATH_ID.test(s)) throw badRequest(`${name} must be an id`, name)
  return Number(s)
}

/** An annotation's project, if the caller may do `action` there (404 when invisible). */
function requireAnnotationProject(
  engine: Engine,
  request: FastifyRequest,
  annotationId: number,
  action: 'read' | 'review',
) {
  const a = engine.reviewRecords.annotation(annotationId)
  if (!a) throw notFoundError()
  requireProject(engine, request, a.project_id, action)
  return a
}

/**
 * Label Studio Enterprise's annotation reviews (AnnotationReviewListAPI and AnnotationReviewAPI):
 * `GET /api/annotation-reviews/` filtered by `annotation` and `annotation__task__project` (a
 * plain list, as there, streamed in chunks), and `GET`/`PATCH`/`DELETE
 * /api/annotation-reviews/{id}/`. Reading needs read access to the review's project; changing
 * or deleting one needs what creating one needs (a Reviewer, Manager or Administrator with the
 * project in reach). Creating is POST /api/annotation-reviews/ (annotations.routes.ts).
 */
export const reviewsRoutes: RouteModule = (app, { engine }) => {
  const reviewOf = (request: FastifyRequest, id: number, action: 'read' | 'review') => {
    const r = engine.reviewRecords.get(id)
    if (!r) throw notFoundError()
    requireAnnotationProject(engine, request, r.annotation_id, action)
    return r
  }

  app.get(
    '/api/annotation-reviews',
    {
      config: { summary: 'List annotation reviews (?annotation=, ?annotation__task__project=)' },
      schema: {
        querystring: z.looseObject({ annotation: QueryId, annotation__task__project: QueryId }),
        response: { 200: z.array(Review).or(streamed('Streamed in chunks')) },
      },
    },
    async (request, reply) => {
      const p = callerOf(request)
      const q = request.query
      const annotationId = queryId(q.annotation, 'annotation')
      const projectId = queryId(q.annotation__task__project, 'annotation__task__project')
      if (annotationId !== undefined)
        requireAnnotationProject(engine, request, annotationId, 'read')
      if (projectId !== undefined) requireProject(engine, request, projectId, 'read')
      const projectIds = visibleProjects(engine, p).map((x) => x.id)
      const chunks = engine.reviewRecords.list({
        organizationId: p.organizationId,
        projectIds,
        annotationId,
        projectId,
      })
      return sendStream(reply, jsonArrayStream(map(chunks, (rows) => rows.map(reviewBody))))
    },
  )

  app.get(
    '/api/annotation-reviews/:id',
    {
      config: { summary: 'Get an annotation review' },
      schema: { params: IdParams, response: { 200: Review } },
    },
    async (request) => reviewBody(reviewOf(request, request.params.id, 'read')),
  )

  app.patch(
    '/api/annotation-reviews/:id',
    {
      config: { summary: 'Update an annotation review' },
      schema: { params: IdParams, body: Patch, response: { 200: Review } },
    },
    async (request) => {
      const r = reviewOf(request, request.params.id, 'review')
      const body = request.body
      return reviewBody(
        engine.reviewRecords.update(r.id, {
          action: actionOf(body),
          agreement: body.agreement,
          lead_time: body.lead_time,
        }),
      )
    },
  )

  app.delete(
    '/api/annotation-reviews/:id',
    {
      config: { summary: 'Delete an annotation review' },
      schema: { params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const r = reviewOf(request, request.params.id, 'review')
      engine.reviewRecords.remove(r.id)
      return reply.code(204).send()
    },
  )
}

function* map<T, U>(chunks: Iterable<T>, fn: (chunk: T) => U): Generator<U> {
  for (const chunk of chunks) yield fn(chunk)
}
