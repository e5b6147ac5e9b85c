import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ApiError } from './errors'

export interface PageRequest {
  page: number
  pageSize: number
}

/** A list's page sizes, as its Label Studio pagination class defines them. */
export interface PageSizes {
  /** `page_size` when the query has none (or an unusable one, as DRF does). */
  size: number
  /** DRF's `max_page_size`: larger sizes are cut to it. Omitted: any size (large pages streamed). */
  max?: number
  /** What `page_size=-1` means where the list gives it one: a size, or `true` for `max`. */
  minusOne?: number | boolean
}

/** Pages larger than this are written in chunks that yield (see jsonStream). */
export const STREAMED_OVER = 1000
/** Rows serialized at a time in a streamed answer: a few milliseconds of work. */
export const STREAM_CHUNK = 200

/** DRF's answer to a page that is not there: 404 with `detail` "Invalid page.". */
export const invalidPage = () => new ApiError(404, 'Invalid page.')

const INT = /^-?[0-9]{1,15}$/

/**
 * DRF's PageNumberPagination.get_page_size: a positive integer, cut to `max_page_size`;
 * anything else (0, a negative number, not a number) is the default size. `-1` is what the
 * list's pagination class makes of it (Label Studio's members list: 1,000,000).
 */
export function pageSizeOf(value: unknown, _name: string, sizes: PageSizes): number {
  const s = value === undefined ? '' : String(value)
  const max = sizes.max ?? Number.MAX_SAFE_INTEGER
  if (s === '-1' && sizes.minusOne !== undefined && sizes.minusOne !== false) {
    return sizes.minusOne === true ? max : Math.min(sizes.minusOne, max)
  }
  if (!INT.test(s) || Number(s) < 1) return sizes.size
  return Math.min(Number(s), max)
}

/**
 * `page` (1-based; "last" is the last page, as DRF's last_page_strings) and `page_size`. A
 * page number that is not a positive integer is DRF's 404 "Invalid page."; one past the last
 * page is refused by `checkPage` once the count is known.
 */
export function pageOf(
  request: { query: { page?: string; page_size?: string } },
  sizes: PageSizes,
): PageRequest & { last: boolean } {
  const q = request.query
  const pageSize = pageSizeOf(q.page_size, 'page_size', sizes)
  const raw = q.page === undefined || q.page === '' ? '1' : String(q.page)
  if (raw === 'last') return { page: Number.MAX_SAFE_INTEGER, pageSize, last: true }
  if (!INT.test(raw) || Number(raw) < 1) throw invalidPage()
  return { page: Number(raw), pageSize, last: false }
}

/**
 * Django's Paginator.validate_number: page 1 always exists (an empty list has one empty page);
 * a page past the last is 404 "Invalid page.", which is where clients' page loops stop (the
 * legacy SDK's Project.get_tasks() stops on nothing else). Returns the page actually served.
 */
export function checkPage(p: PageRequest & { last?: boolean }, count: number): PageRequest {
  const lastPage = Math.max(1, Math.ceil(count / p.pageSize))
  if (p.last) return { page: lastPage, pageSize: p.pageSize }
  if (p.page > lastPage) throw invalidPage()
  return { page: p.page, pageSize: p.pageSize }
}

function linkTo(request: FastifyRequest, page: number, pageSize: number): string {
  const url = new URL(request.url, `http://${request.headers.host ?? 'localhost'}`)
  url.searchParams.set('page', String(page))
  url.searchParams.set('page_size', String(pageSize))
  return url.toString()
}

/** `{count, next, previous}` of a page that exists (checked with checkPage). */
export function pageLinks(request: FastifyRequest, p: PageRequest, count: number) {
  const lastPage = Math.max(1, Math.ceil(count / p.pageSize))
  return {
    count,
    next: p.page < lastPage ? linkTo(request, p.page + 1, p.pageSize) : null,
    previous: p.page > 1 ? linkTo(request, p.page - 1, p.pageSize) : null,
  }
}

/** `{count, next, previous, results}` over rows already in memory (small lists). */
export function paginate<T>(request: FastifyRequest, rows: T[], asked: PageRequest) {
  const p = checkPage(asked, rows.length)
  const start = (p.page - 1) * p.pageSize
  return { ...pageLinks(request, p, rows.length), results: rows.slice(start, start + p.pageSize) }
}

/**
 * A JSON object whose `key` array is written chunk by chunk: each chunk of rows is read and
 * serialized only when the socket wants more (Readable.from pulls on demand), and the event
 * loop is let in between chunks. Memory stays at about one chunk whatever the page size, and no
 * chunk holds the loop for more than a few milliseconds.
 */
export function jsonStream(
  head: Record<string, unknown>,
  key: string,
  chunks: Iterable<readonly unknown[]>,
): Readable {
  const fields = Object.entries(head).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
  const open = `{${fields.map((f) => `${f},`).join('')}${JSON.stringify(key)}:[`
  return Readable.from(listParts(open, chunks, ']}'), { objectMode: false })
}

/** A JSON array written chunk by chunk, as jsonStream writes an object's list. */
export const jsonArrayStream = (chunks: Iterable<readonly unknown[]>): Readable =>
  Readable.from(listParts('[', chunks, ']'), { objectMode: false })

/** `open`, the chunks' elements comma-separated (yielding to the event loop after each), `close`. */
async function* listParts(open: string, chunks: Iterable<readonly unknown[]>, close: string) {
  yield open
  let first = true
  for (const chunk of chunks) {
    if (chunk.length === 0) continue
    yield `${first ? '' : ','}${chunk.map((x) => JSON.stringify(x)).join(',')}`
    first = false
    await nextTurn()
  }
  yield close
}

/** Sends a streamed JSON answer (see jsonStream). */
export function sendStream(reply: FastifyReply, stream: Readable): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(stream)
}

/** Splits rows already in memory into chunks that are serialized one at a time. */
export function* chunksOf<T, U>(rows: readonly T[], serialize: (chunk: readonly T[]) => U[]) {
  for (let i = 0; i < rows.length; i += STREAM_CHUNK) {
    yield serialize(rows.slice(i, i + STREAM_CHUNK))
  }
}

/**
 * A `{count, next, previous, results}` page over rows in memory: built whole when small,
 * streamed in chunks when large (Label Studio allows any page size on these lists; the legacy
 * client asks for 10,000,000 projects at once and reads only `results`).
 */
export function sendListPage<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  rows: readonly T[],
  asked: PageRequest,
  serialize: (chunk: readonly T[]) => unknown[],
):
  | FastifyReply
  | { count: number; next: string | null; previous: string | null; results: unknown[] } {
  const p = checkPage(asked, rows.length)
  const start = (p.page - 1) * p.pageSize
  const slice = rows.slice(start, start + p.pageSize)
  const head = pageLinks(request, p, rows.length)
  if (slice.length <= STREAMED_OVER) return { ...head, results: serialize(slice) }
  return sendStream(reply, jsonStream(head, 'results', chunksOf(slice, serialize)))
}
