import type { FastifyInstance } from 'fastify'
import type { ServerResponse } from 'node:http'
import { EVENTS, type EventName } from '../../../shared/events'
import { sessionOf, type AdminHttpContext } from './context'
import { refuse } from './guards'
import { readSessionToken } from './session-cookie'

export const HEARTBEAT_MS = 15_000
// While signed out, a browser's EventSource is told to come back this often, so the stream
// starts by itself after sign-in (a 401 would make EventSource give up for good).
const SIGNED_OUT_RETRY_MS = 3_000

interface Stream {
  res: ServerResponse
  token: string
}

/**
 * `GET /rpc/events`: server-sent events for signed-in sessions. One engine subscription per
 * event fans out to every open stream; heartbeats keep proxies from closing idle streams and
 * double as the moment a stream whose session has ended is closed.
 */
export function eventsRoute(
  app: FastifyInstance,
  ctx: AdminHttpContext,
  headers: Record<string, string>,
): void {
  const streams = new Set<Stream>()
  const write = (s: Stream, chunk: string) => {
    if (!s.res.writableEnded) s.res.write(chunk)
  }
  const unsubscribe = EVENTS.map((name: EventName) =>
    ctx.engine.events.on(name, (payload) => {
      const chunk = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`
      for (const s of streams) write(s, chunk)
    }),
  )
  const timer = setInterval(() => {
    for (const s of streams) {
      if (ctx.engine.auth.resolve(s.token, { touch: false })) write(s, ': heartbeat\n\n')
      else s.res.end(`event: session\ndata: {"signedIn":false}\n\n`)
    }
  }, HEARTBEAT_MS)
  timer.unref()

  app.addHook('onClose', async () => {
    clearInterval(timer)
    unsubscribe.forEach((off) => off())
    for (const s of streams) s.res.end()
    streams.clear()
  })

  app.get('/rpc/events', async (request, reply) => {
    const session = sessionOf(ctx, request, { touch: false })
    const wantsStream = (request.headers.accept ?? '').includes('text/event-stream')
    if (!session && !wantsStream)
      return refuse(reply, 401, 'UNAUTHENTICATED', 'Sign in to receive events')
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    if (!session) {
      res.end(`retry: ${SIGNED_OUT_RETRY_MS}\nevent: session\ndata: {"signedIn":false}\n\n`)
      return
    }
    const stream: Stream = { res, token: readSessionToken(request, ctx.cookieName) }
    streams.add(stream)
    res.write(`retry: ${SIGNED_OUT_RETRY_MS}\n: connected\n\n`)
    // The response (not the request, which is done once read) closes when the browser goes away.
    res.on('close', () => streams.delete(stream))
  })
}
