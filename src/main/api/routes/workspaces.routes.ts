import { z } from 'zod'
import { badRequest, notFoundError } from '../errors'
import { callerOf, requireProject, requireWorkspace } from '../permissions'
import {
  IdParams,
  NoContent,
  PATH_ID,
  Project,
  QueryId,
  QueryText,
  Workspace,
  WorkspaceMember,
} from '../schemas'
import { projectBody, userBody, workspaceBody } from '../serializers'
import type { RouteModule } from './types'

const Color = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'Color must look like #RRGGBB')
const Create = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  color: Color.optional(),
  is_archived: z.boolean().optional(),
  is_personal: z.boolean().optional(),
})
const Update = Create.partial()
const UserRef = z.object({ user: z.number().int().positive() })
const ProjectRef = z.object({ project: z.number().int().positive() })

const Refs = z.looseObject({ user_id: QueryId, user: QueryId, project: QueryId })
const RefsBody = z.looseObject({})
const MemberAdded = z.object({ workspace: z.number().int(), user: z.number().int() })
const ProjectMoved = z.object({ workspace: z.number().int(), project: z.number().int() })

/** A user id from the query (Label Studio's DELETE form) or, for old clients, the body. */
function idFrom(
  request: { query: Record<string, unknown>; body: Record<string, unknown> },
  ...names: string[]
): number {
  const { query: q, body: b } = request
  for (const n of names) {
    const v = q[n] ?? b[n]
    if (v !== undefined && PATH_ID.test(String(v))) return Number(v)
  }
  throw badRequest(`${names[0]} is required`, names[0])
}

export const workspacesRoutes: RouteModule = (app, { engine }) => {
  const actorOf = callerOf

  app.get(
    '/api/workspaces',
    {
      config: { summary: 'List workspaces I can see' },
      schema: {
        querystring: z.looseObject({ is_archived: QueryText }),
        response: { 200: z.array(Workspace) },
      },
    },
    async (request) => {
      const p = callerOf(request)
      const q = request.query
      const archived = q.is_archived === undefined ? undefined : q.is_archived === 'true'
      return engine.workspaces
        .details(p)
        .filter((d) => archived === undefined || (d.workspace.archived_at !== null) === archived)
        .map((d) => workspaceBody(d, p.userId))
    },
  )

  app.post(
    '/api/workspaces',
    {
      config: { summary: 'Create a workspace' },
      schema: { body: Create, response: { 201: Workspace } },
    },
    async (request, reply) => {
      const p = callerOf(request)
      const body = request.body
      const created = engine.workspaces.create(p, body)
      request.tessera.workspaceId = created.id
      return reply.code(201).send(workspaceBody(engine.workspaces.detail(p, created.id), p.userId))
    },
  )

  app.get(
    '/api/workspaces/:id',
    {
      config: { summary: 'Get a workspace' },
      schema: { params: IdParams, response: { 200: Workspace } },
    },
    async (request) => {
      const w = requireWorkspace(engine, request, request.params.id, 'read')
      const p = callerOf(request)
      return workspaceBody(engine.workspaces.detail(p, w.id), p.userId)
    },
  )

  app.patch(
    '/api/workspaces/:id',
    {
      config: { summary: 'Update a workspace' },
      schema: { params: IdParams, body: Update, response: { 200: Workspace } },
    },
    async (request) => {
      const w = requireWorkspace(engine, request, request.params.id, 'manage')
      const body = request.body
      const actor = actorOf(request)
      engine.workspaces.update(actor, w.id, body)
      if (body.is_archived !== undefined) engine.workspaces.archive(actor, w.id, body.is_archived)
      return workspaceBody(engine.workspaces.detail(actor, w.id), actor.userId)
    },
  )

  app.delete(
    '/api/workspaces/:id',
    {
      config: { summary: 'Delete an empty workspace' },
      schema: { params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const w = requireWorkspace(engine, request, request.params.id, 'manage')
      engine.workspaces.remove(actorOf(request), w.id)
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/workspaces/:id/memberships',
    {
      config: { summary: 'List workspace members' },
      schema: { params: IdParams, response: { 200: z.array(WorkspaceMember) } },
    },
    async (request) => {
      const w = requireWorkspace(engine, request, request.params.id, 'read')
      return engine.workspaces
        .memberUsers(callerOf(request), w.id)
        .map((u) => ({ workspace: w.id, user: userBody(u) }))
    },
  )

  app.post(
    '/api/workspaces/:id/memberships',
    {
      config: { summary: 'Add a workspace member' },
      schema: { params: IdParams, body: UserRef, response: { 200: MemberAdded } },
    },
    async (request) => {
      const w = requireWorkspace(engine, request, request.params.id, 'members')
      const { user } = request.body
      engine.workspaces.addMember(actorOf(request), w.id, user)
      return { workspace: w.id, user }
    },
  )

  app.delete(
    '/api/workspaces/:id/memberships',
    {
      config: { summary: 'Remove a workspace member (?user_id=)' },
      schema: { params: IdParams, querystring: Refs, body: RefsBody, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const w = requireWorkspace(engine, request, request.params.id, 'members')
      engine.workspaces.removeMember(actorOf(request), w.id, idFrom(request, 'user_id', 'user'))
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/workspaces/:id/projects',
    {
      config: { summary: 'List projects of a workspace' },
      schema: { params: IdParams, response: { 200: z.array(Project) } },
    },
    async (request) => {
      const w = requireWorkspace(engine, request, request.params.id, 'read')
      const p = callerOf(request)
      return engine.projects.details(engine.workspaces.projects(p, w.id)).map(projectBody)
    },
  )

  app.post(
    '/api/workspaces/:id/projects',
    {
      config: { summary: 'Move a project into a workspace' },
      schema: { params: IdParams, body: ProjectRef, response: { 201: ProjectMoved } },
    },
    async (request, reply) => {
      const w = requireWorkspace(engine, request, request.params.id, 'manage')
      const { project } = request.body
      requireProject(engine, request, project, 'manage')
      engine.projects.update(actorOf(request), project, { workspaceId: w.id })
      request.tessera.workspaceId = w.id
      return reply.code(201).send({ workspace: w.id, project })
    },
  )

  app.delete(
    '/api/workspaces/:id/projects',
    {
      config: { summary: 'Take a project out of a workspace (?project=)' },
      schema: { params: IdParams, querystring: Refs, body: RefsBody, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const w = requireWorkspace(engine, request, request.params.id, 'manage')
      const projectId = idFrom(request, 'project')
      const project = requireProject(engine, request, projectId, 'manage')
      if (project.workspace_id !== w.id) throw notFoundError()
      engine.projects.update(actorOf(request), projectId, { workspaceId: null })
      request.tessera.workspaceId = w.id
      return reply.code(204).send()
    },
  )
}
