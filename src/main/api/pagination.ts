import type { FastifyRequest } from 'fastify'
import { badRequest } from './errors'

export interface PageRequest {
  page: number
  /** Null means every row (`page_size=-1`, where the endpoint allows it). */
  pageSize: number | null
}

function positiveInt(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  const s = String(value)
  if (!/^-?[0-9]{1,9}$/.test(s)) throw badRequest(`${name} must be an integer`, name)
  return Number(s)
}

/** DRF page-number pagination: `page` (1-based) and `page_size` capped at `max`. */
export function pageOf(
  request: FastifyRequest,
  opts: { size: number; max: number; allowAll?: boolean },
): PageRequest {
  const q = request.query as Record<string, unknown>
  const page = positiveInt(q.page, 'page') ?? 1
  if (page < 1) throw badRequest('page must be 1 or more', 'page')
  const size = positiveInt(q.page_size, 'page_size')
  if (size === -1 && opts.allowAll) return { page: 1, pageSize: null }
  if (size !== undefined && size < 1) throw badRequest('page_size must be 1 or more', 'page_size')
  return { page, pageSize: Math.min(size ?? opts.size, opts.max) }
}

function linkTo(request: FastifyRequest, page: number, pageSize: number | null): string {
  const url = new URL(request.url, `http://${request.headers.host ?? 'localhost'}`)
  url.searchParams.set('page', String(page))
  if (pageSize !== null) url.searchParams.set('page_size', String(pageSize))
  return url.toString()
}

/**
 * `{count, next, previous, results}`. A page past the end answers 200 with empty results
 * (DESIGN §5) rather than DRF's 404, so loops that walk pages end cleanly.
 */
export function paginate<T>(request: FastifyRequest, rows: T[], p: PageRequest) {
  if (p.pageSize === null) return { count: rows.length, next: null, previous: null, results: rows }
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
