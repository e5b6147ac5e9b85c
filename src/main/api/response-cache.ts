import type { FastifyReply, FastifyRequest } from 'fastify'
import { epochCache } from '../db/data-epoch'
import type { Engine } from '../engine/engine'
import { callerOf } from './permissions'

/**
 * Caches the JSON bytes of read-only answers that depend only on the caller, the URL and watched
 * data (see db/data-epoch.ts): a script polling the same list gets the same bytes without the
 * queries and the serialization, and any change to that data, from any process, is seen by the
 * next request. Only for GET routes whose body reads nothing unwatched (no clock, no activity
 * log, no token last-use columns). Kept small: at most `max` answers of one page each.
 */
export function responseCache(engine: Engine, max = 256) {
  const answers = epochCache<Buffer>(engine.epoch, max)
  // The answer goes out as its cached JSON bytes (Fastify sends a Buffer as it is, without the
  // route's serializer, and without encoding the text again for every request); it is typed as
  // what `build` makes, which is what the client reads.
  return <T>(request: FastifyRequest, reply: FastifyReply, build: () => T): T => {
    const p = callerOf(request)
    // Pagination links name the Host the caller used, so it is part of the key.
    const key = `${p.userId}\n${p.organizationId}\n${request.headers.host ?? ''}\n${request.url}`
    const bytes = answers.get(key, () => Buffer.from(JSON.stringify(build())))
    reply.type('application/json; charset=utf-8')
    return bytes as T
  }
}
export type ResponseCache = ReturnType<typeof responseCache>
