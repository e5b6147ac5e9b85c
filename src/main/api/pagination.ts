import type { FastifyRequest } from 'fastify'
import { badRequest } from './errors'

export interface PageRequest {
  page: number
  pageSize: number
}

function positiveInt(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  const s = String(value)
  if (!/^-?[0-9]{1,9}$/.test(s)) throw badRequest(`${name} must be an integer`, name)
  return Number(s)
}

/**
 * A page size from the query: at most `max` whatever is asked. `-1` is Label Studio's
 * "unlimited" (its members list turns it into a page of 1,000,000); here, where the endpoint
 * accepts it (`minusOne`), it is the largest page, and the answer's `next` link (or
 * `recordsFiltered`) says there is more. No answer is ever built from every row at once.
 */
export function pageSizeOf(
  value: unknown,
  name: string,
  opts: { size: number; max: number; minusOne?: boolean },
): number {
  const size = positiveInt(value, name)
  if (size === -1 && opts.minusOne) return opts.max
  if (size !== undefined && size < 1) throw badRequest(`${name} must be 1 or more`, name)
  // Over the maximum is cut to it, as DRF's max_page_size does.
  return Math.min(size ?? opts.size, opts.max)
}

/** DRF page-number pagination: `page` (1-based) and `page_size` capped at `max`. */
export function pageOf(
  request: FastifyRequest,
  opts: { size: number; max: number; minusOne?: boolean },
): PageRequest {
  const q = request.query as Record<string, unknown>
  const page = positiveInt(q.page, 'page') ?? 1
  if (page < 1) throw badRequest('page must be 1 or more', 'page')
  return { page, pageSize: pageSizeOf(q.page_size, 'page_size', opts) }
}

function linkTo(request: FastifyRequest, page: number, pageSize: number): string {
  const url = new URL(request.url, `http://${request.headers.host ?? 'localhost'}`)
  url.searchParams.set('page', String(page))
  url.searchParams.set('page_size', String(pageSize))
  return url.toString()
}

/**
 * `{count, next, previous, results}`. A page past the end answers 200 with empty results
 * (DESIGN §5) rather than DRF's 404, so loops that walk pages end cleanly.
 */
export function paginate<T>(request: FastifyRequest, rows: T[], p: PageRequest) {
  const start = (p.page - 1) * p.pageSize
  const results = rows.slice(start, start + p.pageSize)
  const last = Math.max(1, Math.ceil(rows.length / p.pageSize))
  return {
    count: rows.length,
    next: p.page < last ? linkTo(request, p.page + 1, p.pageSize) : null,
    previous: p.page > 1 ? linkTo(request, Math.min(p.page - 1, last), p.pageSize) : null,
    results,
  }
}
