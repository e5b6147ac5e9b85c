import { z } from 'zod'
import { badRequest } from '../errors'
import { pageOf, paginate, sendListPage, STREAMED_OVER } from '../pagination'
import { callerOf, requireProject, visibleProjects } from '../permissions'
import {
  IdParams,
  NoContent,
  PageQuery,
  pageOf as pageSchema,
  Project,
  QueryId,
  QueryText,
  streamed,
  User,
} from '../schemas'
import { projectBody, userBody } from '../serializers'
import type { ProjectRow } from '../../db/repos/projects.repo'
import type { RouteModule } from './types'

const Fields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2000),
  label_config: z.string().max(200_000),
  workspace: z.number().int().positive().nullable(),
}
const Create = z.object({
  title: Fields.title.optional(),
  description: Fields.description.optional(),
  label_config: Fields.label_config.optional(),
  workspace: Fields.workspace.optional(),
})
const Update = Create
const Member = z.object({ user: z.number().int().positive() })
const ListQuery = z.looseObject({
  ...PageQuery,
  title: QueryText,
  search: QueryText,
  workspaces: QueryId,
  ids: QueryText,
})
const MemberQuery = z.looseObject({ user: QueryId })
const MemberRemoval = z.looseObject({ user: z.unknown().optional() })

/** Label Studio's ProjectListPagination: 30 a page, any `page_size` (no max_page_size). */
export const PROJECTS_PAGING = { size: 30 }

export const projectsRoutes: RouteModule = (app, { engine, cached }) => {
  app.get(
    '/api/projects',
    {
      config: { summary: 'List projects (page size 30; any page_size, large pages streamed)' },
      schema: {
        querystring: ListQuery,
        response: {
          200: pageSchema(Project).or(streamed('Pages over 1,000 projects are streamed')),
        },
      },
    },
    async (request, reply) => {
      const p = callerOf(request)
      const page = pageOf(request, PROJECTS_PAGING)
      const rows = () => {
        const q = request.query
        const title = typeof q.title === 'string' ? q.title.toLowerCase() : ''
        const search = typeof q.search === 'string' ? q.search.toLowerCase() : ''
        const ws = q.workspaces === undefined ? undefined : Number(q.workspaces)
        const ids =
          typeof q.ids === 'string' && q.ids ? new Set(q.ids.split(',').map(Number)) : undefined
        return visibleProjects(engine, p)
          .filter((x) => !title || x.title.toLowerCase().includes(title))
          .filter((x) => !search || `${x.title} ${x.description}`.toLowerCase().includes(search))
          .filter((x) => ws === undefined || x.workspace_id === ws)
          .filter((x) => !ids || ids.has(x.id))
      }
      const serialize = (chunk: readonly ProjectRow[]) =>
        engine.projects.details(chunk).map(projectBody)
      if (page.pageSize > STREAMED_OVER) {
        return sendListPage(request, reply, rows(), page, serialize)
      }
      return cached(request, reply, () => {
        const body = paginate(request, rows(), page)
        return { ...body, results: serialize(body.results) }
      })
    },
  )

  app.post(
    '/api/projects',
    {
      config: { summary: 'Create a project' },
      schema: { body: Create, response: { 201: Project } },
    },
    async (request, reply) => {
      const p = callerOf(request)
      const body = request.body
      if (body.workspace != null) request.tessera.workspaceId = body.workspace
      const created = engine.projects.create(p, {
        title: body.title,
        description: body.description,
        workspaceId: body.workspace ?? null,
        labelConfig: body.label_config,
      })
      request.tessera.projectId = created.id
      return reply.code(201).send(projectBody(engine.projects.detail(p, created.id)))
    },
  )

  app.get(
    '/api/projects/:id',
    {
      config: { summary: 'Get a project' },
      schema: { params: IdParams, response: { 200: Project } },
    },
    async (request) => {
      const project = requireProject(engine, request, request.params.id, 'read')
      return projectBody(engine.projects.detail(callerOf(request), project.id))
    },
  )

  app.patch(
    '/api/projects/:id',
    {
      config: { summary: 'Update a project' },
      schema: { params: IdParams, body: Update, response: { 200: Project } },
    },
    async (request) => {
      const project = requireProject(engine, request, request.params.id, 'manage')
      const body = request.body
      const p = callerOf(request)
      engine.projects.update(p, project.id, {
        title: body.title,
        description: body.description,
        labelConfig: body.label_config,
        workspaceId: body.workspace,
      })
      return projectBody(engine.projects.detail(p, project.id))
    },
  )

  app.delete(
    '/api/projects/:id',
    {
      config: { summary: 'Delete a project' },
      schema: { params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const project = requireProject(engine, request, request.params.id, 'manage')
      engine.projects.remove(callerOf(request), project.id)
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/projects/:id/members',
    {
      config: { summary: 'List project members' },
      schema: { params: IdParams, response: { 200: z.array(User) } },
    },
    async (request) => {
      const project = requireProject(engine, request, request.params.id, 'read')
      return engine.projects.memberUsers(callerOf(request), project.id).map(userBody)
    },
  )

  app.post(
    '/api/projects/:id/members',
    {
      config: { summary: 'Add a project member' },
      schema: { params: IdParams, body: Member, response: { 201: Member } },
    },
    async (request, reply) => {
      const project = requireProject(engine, request, request.params.id, 'members')
      const { user } = request.body
      engine.projects.addMember(callerOf(request), project.id, user)
      return reply.code(201).send({ user })
    },
  )

  app.delete(
    '/api/projects/:id/members',
    {
      config: { summary: 'Remove a project member (?user=)' },
      schema: {
        params: IdParams,
        querystring: MemberQuery,
        body: MemberRemoval,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const project = requireProject(engine, request, request.params.id, 'members')
      const user = Number(request.query.user ?? request.body.user)
      if (!Number.isInteger(user) || user < 1) throw badRequest('user is required', 'user')
      engine.projects.removeMember(callerOf(request), project.id, user)
      return reply.code(204).send()
    },
  )
}
