import { z } from 'zod'
import { ROLES } from '../../../shared/roles'
import { pageOf, sendListPage } from '../pagination'
import { callerOf } from '../permissions'
import {
  IdParams,
  Membership,
  Organization,
  OrganizationListItem,
  PageQuery,
  pageOf as pageSchema,
  QueryText,
  streamed,
} from '../schemas'
import { membershipBody, organizationBody, organizationListBody } from '../serializers'
import type { RouteModule } from './types'

const MembershipPatch = z.object({
  user_id: z.number().int().positive(),
  role: z.enum(ROLES),
  user_type: z.literal('standard').optional(),
})

const csv = (v: unknown) =>
  typeof v === 'string' && v !== '' ? v.split(',').map((s) => s.trim()) : undefined

/**
 * Label Studio's OrganizationMemberListPagination: 20 a page, any `page_size`, and `-1` for
 * "unlimited" (a page of 1,000,000). Pages over 1,000 members are streamed in chunks.
 */
const MembersQuery = z.looseObject({
  ...PageQuery,
  role: QueryText,
  user_type: QueryText,
  search: QueryText,
  is_deleted: QueryText,
})

export const MEMBERS_PAGING = { size: 20, minusOne: 1_000_000 }

export const organizationsRoutes: RouteModule = (app, { engine }) => {
  app.get(
    '/api/organizations',
    {
      config: { summary: 'List my organizations' },
      schema: { response: { 200: z.array(OrganizationListItem) } },
    },
    async (request) => {
      return [organizationListBody(engine.directory.organization(callerOf(request)))]
    },
  )

  app.get(
    '/api/organizations/:id',
    {
      config: { summary: 'Get an organization' },
      schema: { params: IdParams, response: { 200: Organization } },
    },
    async (request) => {
      return organizationBody(engine.directory.organization(callerOf(request), request.params.id))
    },
  )

  app.get(
    '/api/organizations/:id/memberships',
    {
      config: { summary: 'List members (page size 20; page_size=-1 for all)' },
      schema: {
        params: IdParams,
        querystring: MembersQuery,
        response: { 200: pageSchema(Membership).or(streamed('Large pages are streamed')) },
      },
    },
    async (request, reply) => {
      const members = engine.directory.memberships(callerOf(request), request.params.id)
      const q = request.query
      const page = pageOf(request, MEMBERS_PAGING)
      const roles = csv(q.role)
      const types = csv(q.user_type)
      const search = typeof q.search === 'string' ? q.search.trim().toLowerCase() : ''
      const deleted = q.is_deleted === 'true' || q.is_deleted === '1'
      const rows = members
        .filter((m) => (m.deleted_at !== null) === deleted)
        .filter((m) => !roles || roles.includes(m.role))
        .filter((m) => !types || types.includes(m.user_type))
        .filter(
          (m) =>
            !search ||
            [m.email, m.username, m.first_name, m.last_name].some((s) =>
              s.toLowerCase().includes(search),
            ),
        )
      return sendListPage(request, reply, rows, page, (chunk) =>
        engine.directory.membershipDetails(chunk).map(membershipBody),
      )
    },
  )

  app.patch(
    '/api/organizations/:id/memberships',
    {
      config: { summary: "Change a member's role" },
      schema: { params: IdParams, body: MembershipPatch, response: { 200: Membership } },
    },
    async (request) => {
      const p = callerOf(request)
      const id = request.params.id
      engine.access.ownOrg(p, id)
      engine.access.requireAdmin(p)
      const body = request.body
      return membershipBody(engine.directory.changeRole(p, id, body.user_id, body.role))
    },
  )
}
