import { Readable } from 'node:stream'
import { parse as parseCsv } from 'csv-parse'
import type { FastifyRequest } from 'fastify'
import { ApiError, badRequest } from './errors'
import { jsonItemChunks } from './json-items'
import { IMPORT_BODY_LIMIT } from './limits'

/** Label Studio's DATA_UPLOAD_MAX_NUMBER_FILES. */
export const MAX_IMPORT_FILES = 100

/** The file formats Label Studio reads as lists of tasks, by extension. */
const TASK_FORMATS = ['.json', '.csv', '.tsv', '.txt'] as const
type TaskFormat = (typeof TASK_FORMATS)[number]

/** Label Studio's DATA_UNDEFINED_NAME: the data key of a TXT line when the config names none. */
export const DATA_UNDEFINED_NAME = '$undefined$'

export interface UploadedFile {
  name: string
  format: TaskFormat
  text: string
}

const ITEMS_PER_CHUNK = 1000

function formatOf(name: string): TaskFormat {
  const dot = name.lastIndexOf('.')
  const ext = dot < 0 ? '' : name.slice(dot).toLowerCase()
  if (!(TASK_FORMATS as readonly string[]).includes(ext)) {
    // Label Studio's check_extensions message.
    throw badRequest(`${ext || name} extension is not supported`, 'file')
  }
  return ext as TaskFormat
}

/**
 * The files of a multipart import, each read whole (at most IMPORT_BODY_LIMIT together, as a
 * JSON body may be) and decoded as UTF-8. Parsing them into tasks happens later, in chunks.
 * Fields that are not files are ignored, as Label Studio's request.FILES does.
 */
export async function readUploads(request: FastifyRequest): Promise<UploadedFile[]> {
  const files: UploadedFile[] = []
  let total = 0
  try {
    for await (const part of request.files()) {
      const format = formatOf(part.filename || part.fieldname)
      const chunks: Buffer[] = []
      for await (const piece of part.file) {
        total += (piece as Buffer).length
        if (total > IMPORT_BODY_LIMIT) throw new ApiError(413, 'Request body is too large.')
        chunks.push(piece as Buffer)
      }
      if (part.file.truncated) throw new ApiError(413, 'Request body is too large.')
      files.push({ name: part.filename, format, text: Buffer.concat(chunks).toString('utf8') })
    }
  } catch (err) {
    if (err instanceof ApiError) throw err
    const e = err as { statusCode?: number; message?: string }
    if (e.statusCode === 413) throw new ApiError(413, 'Request body is too large.')
    throw badRequest(`Could not read the uploaded files: ${e.message ?? 'malformed form'}`, 'file')
  }
  if (files.length === 0) throw badRequest('No files to import', 'file')
  return files
}

/** The one `$variable` a label config reads, if it reads exactly one (TXT lines go there). */
export function singleDataKey(labelConfig: string): string | undefined {
  const keys = new Set([...labelConfig.matchAll(/value="\$([A-Za-z0-9_]+)"/g)].map((m) => m[1]!))
  return keys.size === 1 ? [...keys][0] : undefined
}

/**
 * A CSV or TSV file as Label Studio reads it (pandas read_csv, then fillna('')): the header
 * row names the data keys, numbers become numbers, empty cells empty strings. Parsed by
 * csv-parse's stream, which works through the text a block at a time and hands the rows on
 * in chunks, so a large file does not hold the event loop.
 */
async function* tableChunks(text: string, delimiter: string): AsyncGenerator<unknown[]> {
  const parser = Readable.from([text]).pipe(
    parseCsv({
      delimiter,
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      cast: (value, context) => {
        if (context.header || value === '') return value
        const n = Number(value)
        return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value.trim()) && Number.isFinite(n) ? n : value
      },
    }),
  )
  let chunk: unknown[] = []
  try {
    for await (const row of parser as AsyncIterable<Record<string, unknown>>) {
      chunk.push({ data: { ...row } })
      if (chunk.length >= ITEMS_PER_CHUNK) {
        yield chunk
        chunk = []
      }
    }
  } catch (err) {
    throw badRequest(`Could not read the table: ${(err as Error).message}`, 'file')
  }
  if (chunk.length > 0) yield chunk
}

function* lineChunks(text: string, key: string): Generator<unknown[]> {
  let chunk: unknown[] = []
  for (const line of text.replace(/^\ufeff/, '').split(/\r?\n/)) {
    const value = line.trim()
    if (value === '') continue
    chunk.push({ data: { [key]: value } })
    if (chunk.length >= ITEMS_PER_CHUNK) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk
}

/** Every file's tasks, in file order, a chunk at a time. Call again to read again. */
export async function* uploadItemChunks(
  files: readonly UploadedFile[],
  txtKey: string,
): AsyncGenerator<unknown[]> {
  for (const file of files) {
    if (file.format === '.json') yield* jsonItemChunks(file.text)
    else if (file.format === '.csv') yield* tableChunks(file.text, ',')
    else if (file.format === '.tsv') yield* tableChunks(file.text, '\t')
    else yield* lineChunks(file.text, txtKey)
  }
}

/** Label Studio's found_formats: how many files of each extension (`{".csv": 1}`). */
export function foundFormats(files: readonly UploadedFile[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const f of files) counts[f.format] = (counts[f.format] ?? 0) + 1
  return counts
}

/** Label Studio's format_could_be_tasks_list: a table could hold one task per row. */
export const couldBeTasksList = (files: readonly UploadedFile[]) =>
  files.some((f) => f.format === '.csv' || f.format === '.tsv')
