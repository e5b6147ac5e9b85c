import { z } from 'zod'
import type { ServiceAccount } from '../../../shared/contracts/service-accounts.contract'
import { SERVICE_ACCOUNT_ROLES } from '../../../shared/roles'
import { ServiceAccountName } from '../../../shared/schemas'
import { callerOf } from '../permissions'
import {
  CreatedServiceAccount,
  ExpiresAtField,
  NoContent,
  PathId,
  QueryText,
  ServiceAccount as ServiceAccountShape,
  ResetTokenAnswer,
  ResetTokenBody,
} from '../schemas'
import { iso } from '../serializers'
import type { RouteModule } from './types'

const Ids = z.array(z.number().int().positive()).max(500)
const Create = z.object({
  name: ServiceAccountName,
  description: z.string().max(2000).optional(),
  role: z.enum(SERVICE_ACCOUNT_ROLES),
  workspaces: Ids.optional(),
  projects: Ids.optional(),
  expires_at: ExpiresAtField,
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
    user_type: 'service' as const,
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
    previous_token: a.previousToken
      ? {
          id: a.previousToken.id,
          display: a.previousToken.display,
          valid_until: iso(a.previousToken.validUntil)!,
          last_used_at: iso(a.previousToken.lastUsedAt),
        }
      : null,
    allowed_networks: a.allowedNetworks,
    unused_since: iso(a.unusedSince)!,
    created_by: a.createdBy.id,
    created_at: iso(a.createdAt),
    deleted_at: iso(a.deletedAt),
  }
}

/** `{ token }` as Label Studio answers, plus when the replaced token stops if it has a grace. */
export function resetAnswer(token: string, previous: ServiceAccount['previousToken']) {
  return previous ? { token, previous_token_valid_until: iso(previous.validUntil)! } : { token }
}

const OrgParams = z.object({ id: PathId })
const AccountParams = z.object({ id: PathId, user_id: PathId })

/** Admin endpoints: the same engine calls as the desktop UI, OW/AD only. */
export const serviceAccountsRoutes: RouteModule = (app, { engine }) => {
  const sa = engine.serviceAccounts
  const base = '/api/organizations/:id/service-accounts'
  const admin = (request: Parameters<typeof callerOf>[0] & { params: { id: number } }) => {
    const p = callerOf(request)
    engine.access.ownOrg(p, request.params.id)
    return p
  }

  app.get(
    base,
    {
      config: { summary: 'List service accounts' },
      schema: {
        params: OrgParams,
        querystring: z.looseObject({ include_deleted: QueryText }),
        response: { 200: z.array(ServiceAccountShape) },
      },
    },
    async (request) => {
      const actor = admin(request)
      return sa.list(actor, request.query.include_deleted === 'true').map(serviceAccountBody)
    },
  )

  app.post(
    base,
    {
      config: { summary: 'Create a service account (token shown once)' },
      schema: { params: OrgParams, body: Create, response: { 201: CreatedServiceAccount } },
    },
    async (request, reply) => {
      const actor = admin(request)
      const body = request.body
      const issued = sa.create(actor, {
        name: body.name,
        description: body.description,
        role: body.role,
        workspaceIds: body.workspaces,
        projectIds: body.projects,
        expiresAt: body.expires_at,
      })
      return reply.code(201).send({ ...serviceAccountBody(issued.account), token: issued.token })
    },
  )

  app.patch(
    `${base}/:user_id`,
    {
      config: { summary: 'Change role and/or assignments' },
      schema: { params: AccountParams, body: Patch, response: { 200: ServiceAccountShape } },
    },
    async (request) => {
      const actor = admin(request)
      const userId = request.params.user_id
      const body = request.body
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
    {
      config: { summary: 'Delete (revokes the token at once)' },
      schema: { params: AccountParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const actor = admin(request)
      const userId = request.params.user_id
      sa.remove(actor, userId, sa.get(actor, userId).name)
      return reply.code(204).send()
    },
  )

  app.post(
    `${base}/:user_id/reset-token`,
    {
      config: {
        summary:
          'Reset the token (new one shown once; the old one dead at once unless a grace is given)',
      },
      schema: {
        params: AccountParams,
        body: ResetTokenBody,
        response: { 201: ResetTokenAnswer },
      },
    },
    async (request, reply) => {
      const actor = admin(request)
      const { grace, expires_at } = request.body ?? {}
      const issued = sa.resetToken(actor, request.params.user_id, grace, expires_at)
      return reply.code(201).send(resetAnswer(issued.token, issued.account.previousToken))
    },
  )
}
