import type { FastifyRequest } from 'fastify'
import { ApiError, badRequest, pathId } from '../errors'
import { jsonItemChunks } from '../json-items'
import { IMPORT_BODY_LIMIT } from '../limits'
import { callerOf, requireProject } from '../permissions'
import type { RouteModule } from './types'

/**
 * Imports running at once in this process; a further one is refused with 429 before its body
 * is read, so parallel uploads cannot pile up their bodies (up to 20 MB each) in memory.
 */
export const MAX_CONCURRENT_IMPORTS = 2
/** Seconds a refused import is told to wait: a 20 MB import takes a few seconds. */
export const IMPORT_RETRY_AFTER = 5

const projectId = (request: FastifyRequest) => pathId((request.params as { id: string }).id)

/**
 * POST /api/projects/{id}/import: Label Studio's JSON task import. The body arrives as text
 * and is parsed element by element in chunks; each chunk is written in its own transaction,
 * with the event loop let in between, so other requests keep being answered during a large
 * import.
 */
export const importRoutes: RouteModule = (app, { engine }) => {
  let running = 0

  app.post(
    '/api/projects/:id/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: {
        summary: `Import tasks (JSON task list, up to 20 MB; at most ${MAX_CONCURRENT_IMPORTS} at once)`,
        rawJson: true,
      },
      // Route hooks run after the server's own (authentication first), before the body.
      onRequest: async (_request, reply) => {
        if (running >= MAX_CONCURRENT_IMPORTS) {
          throw new ApiError(
            429,
            `Request was throttled: ${MAX_CONCURRENT_IMPORTS} imports are already running. Expected available in ${IMPORT_RETRY_AFTER} seconds.`,
            undefined,
            { 'Retry-After': String(IMPORT_RETRY_AFTER) },
          )
        }
        running++
        let released = false
        // 'close' comes once the answer is sent or the client has gone, whichever happens.
        reply.raw.once('close', () => {
          if (!released) running--
          released = true
        })
      },
    },
    async (request, reply) => {
      const project = requireProject(engine, request, projectId(request), 'manage')
      const text = request.body
      if (typeof text !== 'string' || /^\s*null\s*$/.test(text)) {
        throw badRequest('No tasks to import', 'tasks')
      }
      const summary = await engine.imports.runChunks(callerOf(request).userId, project.id, () =>
        jsonItemChunks(text),
      )
      const q = request.query as Record<string, unknown>
      const { task_ids, ...rest } = summary
      request.tessera.details.imported = {
        tasks: rest.task_count,
        annotations: rest.annotation_count,
        predictions: rest.prediction_count,
      }
      return reply.code(201).send(q.return_task_ids === 'true' ? { ...rest, task_ids } : rest)
    },
  )
}
