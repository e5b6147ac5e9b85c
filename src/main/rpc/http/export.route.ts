import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { SESSION_EXPIRED_MESSAGE, TOTP_ENROLMENT_REQUIRED_MESSAGE } from '../../../shared/auth'
import { ActivityFilter, ExportFormat } from '../../../shared/contracts/activity.contract'
import { sessionOf, type AdminHttpContext } from './context'
import { refuse } from './guards'

const Query = z.object({ format: ExportFormat, filter: z.string().max(10_000).default('{}') })

/**
 * `GET /rpc/activity/export?format=csv|json&filter=<JSON>`: the activity log's filtered set as
 * a streamed download (serve mode; the desktop app writes to a file chosen in a save dialog).
 * A plain link carries no CSRF header; the SameSite=Strict session cookie keeps other sites
 * from triggering it, and it changes nothing. Closing the tab stops the query.
 */
export function exportRoute(app: FastifyInstance, ctx: AdminHttpContext): void {
  app.get('/rpc/activity/export', async (request, reply) => {
    const session = sessionOf(ctx, request)
    if (!session) return refuse(reply, 401, 'UNAUTHENTICATED', SESSION_EXPIRED_MESSAGE)
    if (session.totpEnrolmentRequired)
      return refuse(reply, 403, 'FORBIDDEN', TOTP_ENROLMENT_REQUIRED_MESSAGE)
    const query = Query.safeParse(request.query)
    let filter: z.infer<typeof ActivityFilter> | undefined
    if (query.success) {
      try {
        const parsed = ActivityFilter.safeParse(JSON.parse(query.data.filter))
        if (parsed.success) filter = parsed.data
      } catch {
        // reported below
      }
    }
    if (!query.success || !filter) {
      return refuse(
        reply,
        400,
        'VALIDATION',
        'Invalid export request: format must be csv or json and filter a valid activity filter',
      )
    }
    const format = query.data.format
    const controller = new AbortController()
    request.raw.on('close', () => controller.abort())
    const day = new Date(ctx.engine.now()).toISOString().slice(0, 10)
    reply
      .header('Cache-Control', 'no-store')
      .header(
        'Content-Type',
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      )
      .header('Content-Disposition', `attachment; filename="tessera-activity-${day}.${format}"`)
    const actor = { userId: session.user.id, organizationId: session.organizationId }
    // The policy is asked first: a refused caller leaves no "exported" entry behind.
    const chunks = ctx.engine.activityLog.exportChunks(actor, filter, format, {
      signal: controller.signal,
    })
    return reply.send(Readable.from(chunks))
  })
}
