import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { z } from 'zod'
import {
  CSV_FIXED_COLUMNS,
  csvLine,
  csvRecords,
  jsonMinRecords,
  jsonTask,
  type ExportTask,
} from '../../engine/work/export-formats'
import type { ExportSelection } from '../../engine/work/exports.service'
import { badRequest } from '../errors'
import { jsonArrayStream } from '../pagination'
import { requireProject } from '../permissions'
import { IdParams, PATH_ID, QueryText, streamed } from '../schemas'
import type { RouteModule } from './types'

/** The formats Tessera writes; Label Studio's converter has more (COCO, YOLO, …). */
export const EXPORT_TYPES = ['JSON', 'JSON_MIN', 'CSV', 'TSV'] as const
type ExportType = (typeof EXPORT_TYPES)[number]

/** Label Studio's bool_from_request. */
const bool = (v: unknown) => /^(1|true|yes|on)$/i.test(String(v ?? ''))

/** `ids=1&ids=2`, `ids=1,2` or `ids[]=1`: the task ids to export, or undefined for all. */
const Many = z.union([z.string(), z.array(z.string())]).optional()
const ExportQuery = z.looseObject({
  exportType: QueryText,
  export_type: QueryText,
  download_all_tasks: QueryText,
  download_resources: QueryText,
  ids: Many,
  'ids[]': Many,
})

function idsOf(q: z.infer<typeof ExportQuery>): number[] | undefined {
  const raw = q.ids ?? q['ids[]']
  if (raw === undefined) return undefined
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(','))
  const ids = values.map((v) => v.trim()).filter((v) => v !== '')
  if (ids.some((v) => !PATH_ID.test(v))) throw badRequest('ids must be task ids', 'ids')
  return ids.map(Number)
}

function* mapChunks<T, U>(chunks: Iterable<T[]>, fn: (t: T) => U[]): Generator<U[]> {
  for (const chunk of chunks) yield chunk.flatMap(fn)
}

/**
 * CSV as the converter writes it: the header needs every column, so a first pass over the
 * tasks collects them (keeping only the column names), a second writes the rows. Both read a
 * chunk at a time with the event loop let in between.
 */
function csvStream(read: () => Iterable<ExportTask[]>, delimiter: string): Readable {
  async function* parts() {
    const columns = new Set<string>(CSV_FIXED_COLUMNS)
    for (const chunk of read()) {
      for (const task of chunk)
        for (const r of csvRecords(task)) Object.keys(r).forEach((k) => columns.add(k))
      await nextTurn()
    }
    const header = [...columns].sort()
    yield csvLine(header, null, delimiter)
    for (const chunk of read()) {
      yield chunk
        .flatMap(csvRecords)
        .map((r) => csvLine(header, r, delimiter))
        .join('')
      await nextTurn()
    }
  }
  return Readable.from(parts(), { objectMode: false })
}

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(/[T:]/g, '-')

/**
 * GET /api/projects/{id}/export: Label Studio's ExportAPI (the legacy client's export_tasks,
 * the SDK's projects.exports.download_sync). `exportType` JSON (default), JSON_MIN, CSV or TSV;
 * `download_all_tasks` (default false: only tasks with annotations); `ids` (only these tasks);
 * `download_resources` is accepted and has nothing to add (Tessera keeps no files). Managers
 * and Administrators only, as exporting is in Label Studio. The file is written a chunk of
 * tasks at a time, with the event loop let in between, so memory stays at a chunk whatever the
 * project's size. The request's activity entry names the format and the task count.
 */
export const exportRoutes: RouteModule = (app, { engine }) => {
  app.get(
    '/api/projects/:id/export',
    {
      config: { summary: `Export tasks and annotations (exportType ${EXPORT_TYPES.join(', ')})` },
      schema: {
        params: IdParams,
        querystring: ExportQuery,
        response: { 200: streamed('The export file (JSON array, CSV or TSV), streamed') },
      },
    },
    async (request, reply) => {
      const project = requireProject(engine, request, request.params.id, 'manage')
      const q = request.query
      const type = String(q.exportType ?? q.export_type ?? 'JSON').toUpperCase()
      if (!(EXPORT_TYPES as readonly string[]).includes(type)) {
        throw badRequest(`exportType must be one of ${EXPORT_TYPES.join(', ')}`, 'exportType')
      }
      const selection: ExportSelection = { all: bool(q.download_all_tasks), ids: idsOf(q) }
      const tasks = engine.exports.count(project.id, selection)
      request.tessera.details.exported = { format: type, tasks, all: selection.all }
      const read = () => engine.exports.tasks(project.id, selection)
      const ext = type === 'CSV' ? 'csv' : type === 'TSV' ? 'tsv' : 'json'
      const filename = `project-${project.id}-at-${stamp(Date.now())}.${ext}`
      reply.header('content-disposition', `attachment; filename="${filename}"`)
      const format = type as ExportType
      if (format === 'CSV' || format === 'TSV') {
        reply.type(`text/${format === 'CSV' ? 'csv' : 'tab-separated-values'}; charset=utf-8`)
        return reply.send(csvStream(read, format === 'CSV' ? ',' : '\t'))
      }
      const chunks =
        format === 'JSON'
          ? mapChunks(read(), (t) => [jsonTask(t)])
          : mapChunks(read(), jsonMinRecords)
      return reply.type('application/json; charset=utf-8').send(jsonArrayStream(chunks))
    },
  )
}
