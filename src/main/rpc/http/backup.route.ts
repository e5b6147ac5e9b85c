import { createReadStream, openSync, unlinkSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { SESSION_EXPIRED_MESSAGE, TOTP_ENROLMENT_REQUIRED_MESSAGE } from '../../../shared/auth'
import { EngineError } from '../../engine/errors'
import { day } from '../save-target'
import { sessionOf, type AdminHttpContext } from './context'
import { refuse } from './guards'

/**
 * `GET /rpc/backup/download`: serve mode's backup, streamed to the browser. The server makes
 * it into a private file of the data folder under a name of its own, opens it, deletes the
 * name at once where the system allows (so nothing is left even if the process dies), streams
 * it and deletes it afterwards in any case. No path is ever taken from the browser. One at a
 * time: each one is a full copy of the database on disk while it downloads. Like the activity
 * export, a plain link: the SameSite=Strict session cookie keeps other sites from starting it.
 */
export function backupRoute(app: FastifyInstance, ctx: AdminHttpContext): void {
  let running = false
  app.get(
    '/rpc/backup/download',
    // A HEAD would make a backup only to throw it away.
    { exposeHeadRoute: false },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store')
      const session = sessionOf(ctx, request)
      if (!session) return refuse(reply, 401, 'UNAUTHENTICATED', SESSION_EXPIRED_MESSAGE)
      if (session.totpEnrolmentRequired)
        return refuse(reply, 403, 'FORBIDDEN', TOTP_ENROLMENT_REQUIRED_MESSAGE)
      if (running) {
        return refuse(
          reply,
          409,
          'CONFLICT',
          'A backup is already being downloaded; try again when it has finished',
        )
      }
      running = true
      let backup
      try {
        backup = await ctx.engine.backup.backupForDownload({
          userId: session.user.id,
          organizationId: session.organizationId,
        })
      } catch (err) {
        running = false
        if (err instanceof EngineError)
          return refuse(reply, err.code === 'FORBIDDEN' ? 403 : 400, err.code, err.message)
        throw err
      }
      let fd: number
      try {
        fd = openSync(backup.path, 'r')
      } catch (err) {
        backup.dispose()
        running = false
        throw err
      }
      try {
        // POSIX keeps an open file readable after its name is gone; Windows refuses, and
        // there the name goes when the stream closes.
        unlinkSync(backup.path)
      } catch {
        // removed by dispose below
      }
      const finish = () => {
        backup.dispose()
        running = false
      }
      const stream = createReadStream('', { fd })
      stream.once('close', finish)
      reply.raw.once('close', () => stream.destroy())
      return reply
        .header('Content-Type', 'application/vnd.sqlite3')
        .header('Content-Length', String(backup.bytes))
        .header(
          'Content-Disposition',
          `attachment; filename="tessera-backup-${day(ctx.engine.now())}.db"`,
        )
        .send(stream)
    },
  )
}
