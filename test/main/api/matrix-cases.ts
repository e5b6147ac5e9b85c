import type { Fixture } from './support'

/** The routes of the matrix, each with the roles allowed on an assigned object. */
export type Role = 'OW' | 'AD' | 'MA' | 'RE' | 'AN'
export const ALL: Role[] = ['OW', 'AD', 'MA', 'RE', 'AN']
const MANAGE: Role[] = ['OW', 'AD', 'MA']
const REVIEW: Role[] = ['OW', 'AD', 'MA', 'RE']
const ADMIN: Role[] = ['OW', 'AD']

/** Ids of the object a case acts on: side A (assigned) or side B (not assigned). */
export interface Side {
  ws: number
  p: number
  t: number
  a: number
  pred: number
}

export interface Case {
  name: string
  method: string
  path: (s: Side, f: Fixture) => string
  body?: (s: Side, f: Fixture) => unknown
  /** Roles allowed on an assigned object. */
  allowed: Role[]
  ok: number
  /** Org-level route: no assigned/unassigned variants. */
  orgLevel?: boolean
}

export const scoped: Case[] = [
  {
    name: 'get workspace',
    method: 'GET',
    path: (s) => `/api/workspaces/${s.ws}/`,
    allowed: ALL,
    ok: 200,
  },
  {
    name: 'update workspace',
    method: 'PATCH',
    path: (s) => `/api/workspaces/${s.ws}`,
    body: () => ({ title: 'Renamed' }),
    allowed: MANAGE,
    ok: 200,
  },
  {
    name: 'list workspace members',
    method: 'GET',
    path: (s) => `/api/workspaces/${s.ws}/memberships/`,
    allowed: ALL,
    ok: 200,
  },
  {
    name: 'add workspace member',
    method: 'POST',
    path: (s) => `/api/workspaces/${s.ws}/memberships/`,
    body: (_s, f) => ({ user: f.person }),
    allowed: ADMIN,
    ok: 200,
  },
  {
    name: 'list workspace projects',
    method: 'GET',
    path: (s) => `/api/workspaces/${s.ws}/projects/`,
    allowed: ALL,
    ok: 200,
  },
  {
    name: 'get project',
    method: 'GET',
    path: (s) => `/api/projects/${s.p}/`,
    allowed: ALL,
    ok: 200,
  },
  {
    name: 'update project',
    method: 'PATCH',
    path: (s) => `/api/projects/${s.p}/`,
    body: () => ({ title: 'Renamed' }),
    allowed: MANAGE,
    ok: 200,
  },
  {
    name: 'delete project',
    method: 'DELETE',
    path: (s) => `/api/projects/${s.p}/`,
    allowed: MANAGE,
    ok: 204,
  },
  {
    name: 'import tasks',
    method: 'POST',
    path: (s) => `/api/projects/${s.p}/import`,
    body: () => [{ text: 'x' }],
    allowed: MANAGE,
    ok: 201,
  },
  {
    name: 'list project members',
    method: 'GET',
    path: (s) => `/api/projects/${s.p}/members/`,
    allowed: ALL,
    ok: 200,
  },
  {
    name: 'add project member',
    method: 'POST',
    path: (s) => `/api/projects/${s.p}/members/`,
    body: (_s, f) => ({ user: f.person }),
    allowed: ADMIN,
    ok: 201,
  },
  {
    name: 'list tasks',
    method: 'GET',
    path: (s) => `/api/tasks/?project=${s.p}`,
    allowed: ALL,
    ok: 200,
  },
  {
    name: 'create task',
    method: 'POST',
    path: () => '/api/tasks/',
    body: (s) => ({ project: s.p, data: { text: 'new' } }),
    allowed: MANAGE,
    ok: 201,
  },
  { name: 'get task', method: 'GET', path: (s) => `/api/tasks/${s.t}/`, allowed: ALL, ok: 200 },
  {
    name: 'update task',
    method: 'PATCH',
    path: (s) => `/api/tasks/${s.t}/`,
    body: () => ({ data: { text: 'edited' } }),
    allowed: MANAGE,
    ok: 200,
  },
  {
    name: 'delete task',
    method: 'DELETE',
    path: (s) => `/api/tasks/${s.t}/`,
    allowed: MANAGE,
    ok: 204,
  },
  {
    name: 'list annotations',
    method: 'GET',
    path: (s) => `/api/tasks/${s.t}/annotations/`,
    allowed: ALL,
    ok: 200,
  },
  {
    name: 'create annotation',
    method: 'POST',
    path: (s) => `/api/tasks/${s.t}/annotations/`,
    body: () => ({ result: [], lead_time: 3 }),
    allowed: ALL,
    ok: 201,
  },
  {
    name: 'get annotation',
    method: 'GET',
    path: (s) => `/api/annotations/${s.a}/`,
    allowed: ALL,
    ok: 200,
  },
  {
    name: "update someone else's annotation",
    method: 'PATCH',
    path: (s) => `/api/annotations/${s.a}/`,
    body: () => ({ result: [] }),
    allowed: MANAGE,
    ok: 200,
  },
  {
    name: "delete someone else's annotation",
    method: 'DELETE',
    path: (s) => `/api/annotations/${s.a}/`,
    allowed: MANAGE,
    ok: 204,
  },
  {
    name: 'review annotation',
    method: 'POST',
    path: (s) => `/api/annotations/${s.a}/reviews/`,
    body: () => ({ action: 'accepted' }),
    allowed: REVIEW,
    ok: 201,
  },
  {
    name: 'review annotation (LSE form)',
    method: 'POST',
    path: () => '/api/annotation-reviews/',
    body: (s) => ({ annotation: s.a, accepted: false }),
    allowed: REVIEW,
    ok: 201,
  },
  {
    name: 'list predictions',
    method: 'GET',
    path: (s) => `/api/predictions/?project=${s.p}`,
    allowed: ALL,
    ok: 200,
  },
  {
    name: 'create prediction',
    method: 'POST',
    path: () => '/api/predictions/',
    body: (s) => ({ task: s.t, result: [], score: 0.5 }),
    allowed: MANAGE,
    ok: 201,
  },
  {
    name: 'get prediction',
    method: 'GET',
    path: (s) => `/api/predictions/${s.pred}/`,
    allowed: ALL,
    ok: 200,
  },
]

const sa = (f: Fixture) => `/api/organizations/${f.org}/service-accounts`
export const orgLevel: Case[] = (
  [
    {
      name: 'whoami',
      method: 'GET',
      path: () => '/api/current-user/whoami',
      allowed: ALL,
      ok: 200,
    },
    {
      name: 'current user',
      method: 'GET',
      path: () => '/api/current-user/',
      allowed: ALL,
      ok: 200,
    },
    {
      name: 'reset own token',
      method: 'POST',
      path: () => '/api/current-user/reset-token/',
      allowed: ALL,
      ok: 201,
    },
    { name: 'list users', method: 'GET', path: () => '/api/users/', allowed: MANAGE, ok: 200 },
    {
      name: 'list organizations',
      method: 'GET',
      path: () => '/api/organizations/',
      allowed: ALL,
      ok: 200,
    },
    {
      name: 'get organization',
      method: 'GET',
      path: (_s, f) => `/api/organizations/${f.org}`,
      allowed: ALL,
      ok: 200,
    },
    {
      name: 'list memberships',
      method: 'GET',
      path: (_s, f) => `/api/organizations/${f.org}/memberships`,
      allowed: MANAGE,
      ok: 200,
    },
    {
      name: 'change membership role',
      method: 'PATCH',
      path: (_s, f) => `/api/organizations/${f.org}/memberships`,
      body: (_s, f) => ({ user_id: f.person, role: 'RE' }),
      allowed: ADMIN,
      ok: 200,
    },
    {
      name: 'list workspaces',
      method: 'GET',
      path: () => '/api/workspaces/',
      allowed: ALL,
      ok: 200,
    },
    {
      name: 'create workspace',
      method: 'POST',
      path: () => '/api/workspaces/',
      body: () => ({ title: 'New' }),
      allowed: MANAGE,
      ok: 201,
    },
    { name: 'list projects', method: 'GET', path: () => '/api/projects/', allowed: ALL, ok: 200 },
    {
      name: 'create project',
      method: 'POST',
      path: () => '/api/projects/',
      body: () => ({ title: 'New' }),
      allowed: MANAGE,
      ok: 201,
    },
    {
      name: 'list service accounts',
      method: 'GET',
      path: (_s, f) => sa(f),
      allowed: ADMIN,
      ok: 200,
    },
    {
      name: 'create service account',
      method: 'POST',
      path: (_s, f) => sa(f),
      body: (_s, f) => ({ name: 'fresh', role: 'AN', workspaces: [f.wsA] }),
      allowed: ADMIN,
      ok: 201,
    },
    {
      name: 'patch service account',
      method: 'PATCH',
      path: (_s, f) => `${sa(f)}/${f.victim}`,
      body: () => ({ role: 'AN' }),
      allowed: ADMIN,
      ok: 200,
    },
    {
      name: 'reset service account token',
      method: 'POST',
      path: (_s, f) => `${sa(f)}/${f.victim}/reset-token`,
      allowed: ADMIN,
      ok: 201,
    },
    {
      name: 'delete service account',
      method: 'DELETE',
      path: (_s, f) => `${sa(f)}/${f.victim}`,
      allowed: ADMIN,
      ok: 204,
    },
  ] satisfies Case[]
).map((c) => ({ ...c, orgLevel: true }))
