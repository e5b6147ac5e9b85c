import { writeTransaction } from '../../engine/deps'
import { notFoundError, pathId } from '../errors'
import { callerOf, requireRole } from '../permissions'
import { userBody, whoamiBody } from '../serializers'
import type { RouteModule } from './types'

export const usersRoutes: RouteModule = (app, { engine, cached }) => {
  const { repos } = engine

  // Humans rotate with plain revoke + issue; service accounts go through their service so the
  // admin log shows the rotation like a reset from the UI.
  const rotateHuman = writeTransaction(engine.db, (userId: number, orgId: number) => {
    engine.tokens.revokeAll(userId, 'self-reset')
    const issued = engine.tokens.issue(userId, orgId)
    engine.activity.admin(
      { userId, organizationId: orgId },
      { action: 'token.reset', targetUserId: userId, details: { tokenId: issued.id } },
    )
    return issued.token
  })

  app.get(
    '/api/current-user/whoami',
    { config: { summary: 'Who am I' } },
    async (request, reply) => {
      const p = callerOf(request)
      return cached(request, reply, () =>
        whoamiBody(engine, repos.users.get(p.userId)!, p.organizationId),
      )
    },
  )

  app.get('/api/current-user', { config: { summary: 'Current user' } }, async (request, reply) => {
    const p = callerOf(request)
    return cached(request, reply, () =>
      userBody(engine, repos.users.get(p.userId)!, p.organizationId),
    )
  })

  app.post(
    '/api/current-user/reset-token',
    { config: { summary: 'Rotate my token (the old one stops working at once)' } },
    async (request, reply) => {
      const p = callerOf(request)
      const actor = { userId: p.userId, organizationId: p.organizationId }
      const token =
        p.kind === 'service'
          ? engine.serviceAccounts.resetToken(actor, p.userId).token
          : rotateHuman(p.userId, p.organizationId)
      return reply.code(201).send({ token })
    },
  )

  app.get(
    '/api/users',
    { config: { summary: 'List users of the organization' } },
    async (request) => {
      const p = callerOf(request)
      requireRole(p, ['OW', 'AD', 'MA'])
      return repos.memberships
        .list(p.organizationId)
        .filter((m) => m.deleted_at === null)
        .map((m) => userBody(engine, repos.users.get(m.user_id)!, p.organizationId))
    },
  )

  app.get('/api/users/:id', { config: { summary: 'Get a user' } }, async (request) => {
    const p = callerOf(request)
    const id = pathId((request.params as { id: string }).id)
    const m = repos.memberships.get(p.organizationId, id)
    if (!m || m.deleted_at !== null) throw notFoundError()
    if (id !== p.userId) requireRole(p, ['OW', 'AD', 'MA'])
    return userBody(engine, repos.users.get(id)!, p.organizationId)
  })
}
