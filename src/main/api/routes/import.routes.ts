import fastifyMultipart from '@fastify/multipart'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ApiError, badRequest } from '../errors'
import {
  couldBeTasksList,
  DATA_UNDEFINED_NAME,
  foundFormats,
  MAX_IMPORT_FILES,
  readUploads,
  singleDataKey,
  uploadItemChunks,
} from '../import-files'
import { jsonItemChunks } from '../json-items'
import { IMPORT_BODY_LIMIT } from '../limits'
import { callerOf, requireProject } from '../permissions'
import { IdParams, ImportResult, QueryText } from '../schemas'
import type { RouteModule } from './types'

/**
 * Imports running at once in this process; a further one is refused with 429 before its body
 * is read, so parallel uploads cannot pile up their bodies (up to 20 MB each) in memory.
 */
export const MAX_CONCURRENT_IMPORTS = 2
/** Seconds a refused import is told to wait: a 20 MB import takes a few seconds. */
export const IMPORT_RETRY_AFTER = 5

const ImportQuery = z.looseObject({ return_task_ids: QueryText, commit_to_project: QueryText })

/**
 * POST /api/projects/{id}/import: Label Studio's ImportAPI. A JSON body (a task list) arrives
 * as text; multipart files (JSON, CSV, TSV, TXT, as the legacy client's import_tasks(path)
 * sends them) are read into memory up to the same 20 MB. Either way the tasks are parsed in
 * chunks and each chunk is written in its own transaction, with the event loop let in between,
 * so other requests keep being answered during a large import. Only this route reads
 * multipart bodies: the parser is registered in its own plugin scope.
 */
export const importRoutes: RouteModule = (app, { engine }) => {
  let running = 0

  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { files: MAX_IMPORT_FILES, fileSize: IMPORT_BODY_LIMIT, fields: 10, parts: 200 },
    })
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/projects/:id/import',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        config: {
          summary: `Import tasks (JSON task list, up to 20 MB; at most ${MAX_CONCURRENT_IMPORTS} at once)`,
          rawJson: true,
        },
        // The body is a task list (read in chunks) or multipart files: checked by the handler.
        schema: {
          params: IdParams,
          querystring: ImportQuery,
          response: { 201: ImportResult },
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
        const project = requireProject(engine, request, request.params.id, 'manage')
        const files = request.isMultipart() ? await readUploads(request) : undefined
        const text = request.body
        if (!files && (typeof text !== 'string' || /^\s*null\s*$/.test(text))) {
          throw badRequest('No tasks to import', 'tasks')
        }
        const txtKey = singleDataKey(project.label_config) ?? DATA_UNDEFINED_NAME
        const summary = await engine.imports.runChunks(callerOf(request), project.id, () =>
          files ? uploadItemChunks(files, txtKey) : jsonItemChunks(text as string),
        )
        const q = request.query
        const { task_ids, ...counts } = summary
        const rest = files
          ? {
              ...counts,
              could_be_tasks_list: couldBeTasksList(files),
              found_formats: foundFormats(files),
            }
          : counts
        request.tessera.details.imported = {
          tasks: rest.task_count,
          annotations: rest.annotation_count,
          predictions: rest.prediction_count,
          ...(files ? { files: files.length } : {}),
        }
        // Label Studio's bool_from_request: the legacy client sends return_task_ids=1.
        const withIds = /^(1|true|yes)$/i.test(String(q.return_task_ids ?? ''))
        return reply.code(201).send(withIds ? { ...rest, task_ids } : rest)
      },
    )
  })
}
