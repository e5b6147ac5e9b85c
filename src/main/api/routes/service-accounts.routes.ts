import { z } from 'zod'
import type { ServiceAccount } from '../../../shared/contracts/service-accounts.contract'
import { SERVICE_ACCOUNT_ROLES } from '../../../shared/roles'
import { ServiceAccountName } from '../../../shared/schemas'
import { parseBody, pathId } from '../errors'
import { callerOf } from '../permissions'
import { iso } from '../serializers'
import type { RouteModule } from './types'

const Ids = z.array(z.number().int().positive()).max(500)
const Create = z.object({
  name: ServiceAccountName,
  description: z.string().max(2000).optional(),
  role: z.enum(SERVICE_ACCOUNT_ROLES),
  workspaces: Ids.optional(),
  projects: Ids.optional(),
})
const Patch = z.object({
  role: z.enum(SERVICE_ACCOUNT_ROLES).optional(),
  workspaces: Ids.optional(),
  projects: Ids.optional(),
})

/** Snake-case wire form of a service account; the token only as its display form. */
export function serviceAccountBody(a: ServiceAccount) {
  return {
    id: a.userId,
    user_id: a.userId,
    name: a.name,
    description: a.description,
    email: a.email,
    role: a.role,
    user_type: 'service',
    status: a.status,
    workspaces: a.workspaces.map((w) => w.id),
    projects: a.projects.map((x) => x.id),
    token: a.token
      ? {
          id: a.token.id,
          display: a.token.display,
          created_at: iso(a.token.createdAt),
          expires_at: iso(a.token.expiresAt),
          last_used_at: iso(a.token.lastUsedAt),
          last_used_ip: a.token.lastUsedIp,
          last_used_user_agent: a.token.lastUsedUserAgent,
        }
      : null,
    created_by: a.createdBy.id,
    created_at: iso(a.createdAt),
    deleted_at: iso(a.deletedAt),
  }
}

/** Admin endpoints: the same engine calls as the desktop UI, OW/AD only. */
export const serviceAccountsRoutes: RouteModule = (app, { engine }) => {
  const sa = engine.serviceAccounts
  const base = '/api/organizations/:id/service-accounts'
  const admin = (request: Parameters<typeof callerOf>[0]) => {
    const p = callerOf(request)
    engine.access.ownOrg(p, pathId((request.params as { id: string }).id))
    return p
  }
  const target = (request: Parameters<typeof callerOf>[0]) =>
    pathId((request.params as { user_id: string }).user_id)

  app.get(base, { config: { summary: 'List service accounts' } }, async (request) => {
    const actor = admin(request)
    const q = request.query as Record<string, unknown>
    return sa.list(actor, q.include_deleted === 'true').map(serviceAccountBody)
  })

  app.post(
    base,
    { config: { summary: 'Create a service account (token shown once)' } },
    async (request, reply) => {
      const actor = admin(request)
      const body = parseBody(Create, request.body)
      const issued = sa.create(actor, {
        name: body.name,
        description: body.description,
        role: body.role,
        workspaceIds: body.workspaces,
        projectIds: body.projects,
      })
      return reply.code(201).send({ ...serviceAccountBody(issued.account), token: issued.token })
    },
  )

  app.patch(
    `${base}/:user_id`,
    { config: { summary: 'Change role and/or assignments' } },
    async (request) => {
      const actor = admin(request)
      const userId = target(request)
      const body = parseBody(Patch, request.body)
      const next = { workspaceIds: body.workspaces, projectIds: body.projects }
      if (body.role !== undefined)
        return serviceAccountBody(sa.changeRole(actor, userId, body.role, next))
      const current = sa.get(actor, userId)
      return serviceAccountBody(
        sa.setAssignments(actor, userId, {
          workspaceIds: body.workspaces ?? current.workspaces.map((w) => w.id),
          projectIds: body.projects ?? current.projects.map((x) => x.id),
        }),
      )
    },
  )

  app.delete(
    `${base}/:user_id`,
    { config: { summary: 'Delete (revokes the token at once)' } },
    async (request, reply) => {
      const actor = admin(request)
      const userId = target(request)
      sa.remove(actor, userId, sa.get(actor, userId).name)
      return reply.code(204).send()
    },
  )

  app.post(
    `${base}/:user_id/reset-token`,
    { config: { summary: 'Reset the token (old one dead at once; new one shown once)' } },
    async (request, reply) => {
      const actor = admin(request)
      const issued = sa.resetToken(actor, target(request))
      return reply.code(201).send({ token: issued.token })
    },
  )
}
