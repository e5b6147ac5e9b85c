import type { FastifyInstance } from 'fastify'
import { ApiError } from './errors'

/** Label Studio task data and annotation results are a handful of levels deep. */
export const MAX_JSON_DEPTH = 100

/** True when `value` nests arrays/objects deeper than `max`. Iterative: no stack to overflow. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth > max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
    }
  }
  return false
}

/**
 * JSON bodies for every route on this server (the REST API and the admin transport): Fastify's
 * own parser (it refuses `__proto__`/`constructor.prototype` poisoning), then a depth limit,
 * because a body like `[[[[…]]]]` 100,000 levels deep parses fine but overflows the stack of
 * whatever walks it next. An empty body is accepted as "no body", as Label Studio clients send
 * `Content-Type: application/json` on bodiless POSTs. Media-type matching (parameters, letter
 * case, a trailing tab) is Fastify's, which since 5.7.2 no longer lets a near-miss type skip
 * this parser.
 */
export function registerJsonBody(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  // Fastify also reads text/plain bodies by default; no route here takes text, and a string
  // body would reach handlers written for JSON. Without a parser it is a 415.
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') {
      done(null, undefined)
      return
    }
    if (request.routeOptions.config?.rawJson) {
      done(null, text)
      return
    }
    parse(request, text, (err, parsed) => {
      if (err) {
        done(new ApiError(400, `JSON parse error - ${err.message}`), undefined)
        return
      }
      if (nestedDeeperThan(parsed, MAX_JSON_DEPTH)) {
        done(
          new ApiError(400, `JSON nested too deeply: at most ${MAX_JSON_DEPTH} levels.`),
          undefined,
        )
        return
      }
      done(null, parsed)
    })
  })
}
