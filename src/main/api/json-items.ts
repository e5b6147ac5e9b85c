import { ApiError } from './errors'
import { MAX_JSON_DEPTH } from './json-body'

export interface ItemChunkOptions {
  /** Parsing time per chunk, ms, before the chunk is handed on (and the event loop let in). */
  budgetMs?: number
  /** Items per chunk at most. */
  maxItems?: number
}

const parseError = (message: string) => new ApiError(400, `JSON parse error - ${message}`)

/**
 * What Fastify's own parser refuses (`__proto__` keys, `constructor.prototype`), and nesting
 * deeper than the rest of the API accepts. Iterative: no stack to overflow.
 */
function checkValue(value: unknown, startDepth: number): void {
  const stack: [unknown, number][] = [[value, startDepth]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth > MAX_JSON_DEPTH) {
      throw new ApiError(400, `JSON nested too deeply: at most ${MAX_JSON_DEPTH} levels.`)
    }
    if (Array.isArray(v)) {
      for (const child of v) stack.push([child, depth + 1])
      continue
    }
    for (const key of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[key]
      if (key === '__proto__') throw parseError('Object contains forbidden prototype property')
      if (key === 'constructor' && child !== null && typeof child === 'object') {
        if (Object.prototype.hasOwnProperty.call(child, 'prototype')) {
          throw parseError('Object contains forbidden prototype property')
        }
      }
      stack.push([child, depth + 1])
    }
  }
}

function parse(text: string, depth: number): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw parseError((err as Error).message)
  }
  checkValue(value, depth)
  return value
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09

/**
 * The items of an import body, a chunk at a time, without parsing the whole text at once: a
 * top-level JSON array is split into its elements by a scan that only tracks strings and
 * nesting, and each element is parsed on its own. Anything else (one object) is one item.
 * Errors are the 400s the JSON body parser gives. Iterate it again to read it again.
 */
export function* jsonItemChunks(text: string, opts: ItemChunkOptions = {}): Generator<unknown[]> {
  const budgetMs = opts.budgetMs ?? 8
  const maxItems = opts.maxItems ?? 1000
  const n = text.length
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  while (i < n && isSpace(text.charCodeAt(i))) i++
  if (text.charCodeAt(i) !== 0x5b /* [ */) {
    yield [parse(text, 1)]
    return
  }
  i++
  let chunk: unknown[] = []
  let chunkStarted = performance.now()
  while (i < n && isSpace(text.charCodeAt(i))) i++
  let more = text.charCodeAt(i) !== 0x5d /* ] */
  if (!more) i++
  while (more) {
    const start = i
    let depth = 0
    let inString = false
    for (; i < n; i++) {
      const c = text.charCodeAt(i)
      if (inString) {
        if (c === 0x5c /* \ */) i++
        else if (c === 0x22 /* " */) inString = false
      } else if (c === 0x22) {
        inString = true
      } else if (c === 0x7b /* { */ || c === 0x5b) {
        depth++
      } else if (c === 0x7d /* } */ || c === 0x5d) {
        if (depth === 0) break
        depth--
      } else if (c === 0x2c /* , */ && depth === 0) {
        break
      }
    }
    if (i >= n) throw parseError('Unexpected end of JSON input')
    // Elements sit one level inside the array.
    chunk.push(parse(text.slice(start, i), 2))
    more = text.charCodeAt(i) === 0x2c
    if (text.charCodeAt(i) === 0x7d) throw parseError(`Unexpected token '}' at position ${i}`)
    i++
    if (chunk.length >= maxItems || performance.now() - chunkStarted >= budgetMs) {
      yield chunk
      chunk = []
      chunkStarted = performance.now()
    }
  }
  while (i < n && isSpace(text.charCodeAt(i))) i++
  if (i < n) throw parseError(`Unexpected non-whitespace character after JSON at position ${i}`)
  if (chunk.length > 0) yield chunk
}
