import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixture, type Fixture } from './support'

let f: Fixture
beforeAll(async () => {
  f = await startFixture()
})
afterAll(async () => f.close())

const get = (path: string, token = f.tokens.OW) => f.req('GET', path, { token })

/** A raw request with a chosen Host header (fetch does not let us forge it). */
function rawGet(path: string, host: string, headers: Record<string, string> = {}) {
  const url = new URL(f.base)
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path, method: 'GET', headers: { host, ...headers } },
        (res) => {
          let body = ''
          res.on('data', (c) => (body += c))
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
        },
      )
      req.on('error', reject)
      req.end()
    },
  )
}

describe('Label Studio wire shapes', () => {
  it('health, version and whoami', async () => {
    expect((await f.req('GET', '/health')).body).toEqual({ status: 'UP' })
    const v = await f.req('GET', '/api/version/')
    expect(v.status).toBe(200)
    expect(v.body).toHaveProperty('release')
    const me = await get('/api/current-user/whoami', f.tokens.AN)
    expect(me.body).toMatchObject({
      id: f.userIds.AN,
      user_type: 'service',
      active_organization: f.org,
      lse_fields: { user_type: 'service' },
    })
    for (const k of [
      'username',
      'email',
      'first_name',
      'last_name',
      'initials',
      'org_membership',
      'permissions',
    ]) {
      expect(me.body).toHaveProperty(k)
    }
    expect((await get('/api/current-user/whoami')).body.user_type).toBe('standard')
  })

  it('projects: {count,next,previous,results}, page size 30, any page_size, past the end is 404 (DRF)', async () => {
    for (let i = 0; i < 33; i++) f.engine.projects.create(f.owner, { title: `Bulk ${i}` })
    const first = await get('/api/projects/')
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(Object.keys(first.body).sort()).toEqual(['count', 'next', 'previous', 'results'])
    expect(first.body.count).toBe(35)
    expect(first.body.results).toHaveLength(30)
    expect(first.body.previous).toBeNull()
    expect(first.body.next).toContain('page=2')
    const second = await get('/api/projects?page=2')
    expect(second.body.results).toHaveLength(5)
    expect(second.body.next).toBeNull()
    expect((await get('/api/projects?page_size=500')).body.results).toHaveLength(35)
    const past = await get('/api/projects?page=9')
    expect(past.status).toBe(404)
    expect(past.body).toMatchObject({ detail: 'Invalid page.' })
    const p = first.body.results[0]
    for (const k of [
      'id',
      'title',
      'description',
      'label_config',
      'workspace',
      'created_at',
      'task_number',
      'total_annotations_number',
      'total_predictions_number',
    ]) {
      expect(p).toHaveProperty(k)
    }
  })

  it('memberships: page size 20, page_size=-1 the largest page (all of a small org)', async () => {
    for (let i = 0; i < 2; i++)
      f.engine.people.addPerson(f.owner, { email: `extra${i}@acme.test`, role: 'AN' })
    const path = `/api/organizations/${f.org}/memberships`
    const all = await get(`${path}?page_size=-1`)
    expect(all.body.results.length).toBe(all.body.count)
    const page = await get(path)
    expect(page.body.results.length).toBe(Math.min(20, all.body.count))
    const services = await get(`${path}?page_size=-1&user_type=service`)
    expect(
      services.body.results.every((m: { user_type: string }) => m.user_type === 'service'),
    ).toBe(true)
    expect(services.body.results[0]).toMatchObject({
      organization: f.org,
      user: { id: expect.any(Number) },
    })
  })

  it('tasks list is {tasks,total,total_annotations,total_predictions}', async () => {
    const res = await get(`/api/tasks?project=${f.pA}`)
    expect(Object.keys(res.body).sort()).toEqual([
      'tasks',
      'total',
      'total_annotations',
      'total_predictions',
    ])
    expect(res.body).toMatchObject({ total: 1, total_annotations: 1, total_predictions: 1 })
    expect(res.body.tasks[0]).toMatchObject({
      id: f.tA,
      project: f.pA,
      data: { text: 'task in A' },
    })
    expect((await get(`/api/tasks?project=${f.pA}&page=5`)).status).toBe(404)
    expect((await get('/api/tasks')).status).toBe(400)
  })

  it('import accepts {data} objects with annotations/predictions and plain data objects', async () => {
    const p = f.engine.projects.create(f.owner, { title: 'Import target' }).id
    const wrapped = await f.req('POST', `/api/projects/${p}/import?return_task_ids=true`, {
      token: f.tokens.OW,
      body: [
        {
          data: { text: 'one' },
          annotations: [{ result: [], lead_time: 4 }],
          predictions: [{ result: [], score: 0.9, model_version: 'm1' }],
        },
        { data: { text: 'two' } },
      ],
    })
    expect(wrapped.status).toBe(201)
    expect(wrapped.body).toMatchObject({
      task_count: 2,
      annotation_count: 1,
      prediction_count: 1,
      data_columns: ['text'],
    })
    expect(wrapped.body.task_ids).toHaveLength(2)
    const plain = await f.req('POST', `/api/projects/${p}/import`, {
      token: f.tokens.OW,
      body: [{ text: 'a' }, { text: 'b', extra: 1 }],
    })
    expect(plain.body).toMatchObject({ task_count: 2, annotation_count: 0, prediction_count: 0 })
    expect(plain.body).not.toHaveProperty('task_ids')
    const bad = await f.req('POST', `/api/projects/${p}/import`, {
      token: f.tokens.OW,
      body: [{ text: 'ok' }, 5],
    })
    expect(bad.status).toBe(400)
    expect(bad.body.validation_errors).toBeDefined()
    expect((await get(`/api/tasks?project=${p}`)).body.total).toBe(4)
  })

  it('workspace CRUD: delete refuses a workspace with projects (409), then succeeds (204)', async () => {
    const created = await f.req('POST', '/api/workspaces/', {
      token: f.tokens.MA,
      body: { title: 'Scratch' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ title: 'Scratch', projects_count: 0, is_archived: false })
    const ws = created.body.id as number
    // The creating Manager manages it (it is a member of what it created).
    const project = await f.req('POST', '/api/projects/', {
      token: f.tokens.MA,
      body: { title: 'In scratch', workspace: ws },
    })
    expect(project.status).toBe(201)
    const blocked = await f.req('DELETE', `/api/workspaces/${ws}`, { token: f.tokens.MA })
    expect(blocked.status).toBe(409)
    expect(
      (await f.req('DELETE', `/api/projects/${project.body.id}`, { token: f.tokens.MA })).status,
    ).toBe(204)
    expect((await f.req('DELETE', `/api/workspaces/${ws}/`, { token: f.tokens.MA })).status).toBe(
      204,
    )
    expect((await f.req('GET', `/api/workspaces/${ws}`, { token: f.tokens.OW })).status).toBe(404)
  })

  it('refuses bodies that are not JSON with 415', async () => {
    const res = await f.req('POST', '/api/workspaces/', {
      token: f.tokens.OW,
      body: '<title>x</title>',
      headers: { 'content-type': 'application/xml' },
    })
    expect(res.status).toBe(415)
    expect(res.body).toMatchObject({ status_code: 415, exc_info: null })
  })

  it('trailing slashes are optional', async () => {
    for (const path of [
      '/api/projects',
      '/api/projects/',
      `/api/projects/${f.pA}`,
      `/api/projects/${f.pA}/`,
    ]) {
      expect((await get(path)).status).toBe(200)
    }
  })

  it('errors use the Label Studio body, with validation_errors on 400', async () => {
    const res = await f.req('POST', '/api/workspaces/', { token: f.tokens.OW, body: { title: '' } })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      status_code: 400,
      exc_info: null,
      validation_errors: { title: expect.any(Array) },
    })
    expect(Object.keys(res.body).sort()).toEqual([
      'detail',
      'exc_info',
      'id',
      'status_code',
      'validation_errors',
      'version',
    ])
  })

  it('GET /api/schema/ lists every route', async () => {
    const doc = (await f.req('GET', '/api/schema/')).body
    expect(doc.openapi).toMatch(/^3\./)
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    )
    for (const route of [
      'GET /api/current-user/whoami',
      'POST /api/current-user/reset-token',
      'GET /api/organizations/{id}/memberships',
      'PATCH /api/organizations/{id}/service-accounts/{user_id}',
      'POST /api/organizations/{id}/service-accounts/{user_id}/reset-token',
      'POST /api/projects/{id}/import',
      'GET /api/tasks',
      'POST /api/tasks/{id}/annotations',
      'POST /api/predictions',
      'GET /health',
      'GET /api/version',
    ]) {
      expect(listed).toContain(route)
    }
    // Every registered API route is in the document.
    const registered = f.app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .filter((l) => l.includes('/api/'))
    expect(registered.length).toBeGreaterThan(0)
    expect(listed.length).toBeGreaterThanOrEqual(40)
  })
})

describe('browser protections', () => {
  it('refuses a foreign Host (DNS rebinding) with 403 and records it', async () => {
    const port = new URL(f.base).port
    const evil = await rawGet('/health', `evil.example:${port}`)
    expect(evil.status).toBe(403)
    expect(JSON.parse(evil.body)).toMatchObject({ status_code: 403, exc_info: null })
    expect((await rawGet('/health', `localhost:${port}`)).status).toBe(200)
    expect((await rawGet('/health', `127.0.0.1:${port}`)).status).toBe(200)
    expect((await rawGet('/health', '127.0.0.1:1')).status).toBe(403)
    const entry = f.apiEntries().at(-1)
    expect(entry).toMatchObject({ status: 403, url: '/health' })
  })

  it('never sends CORS headers, even to a preflight', async () => {
    const port = new URL(f.base).port
    const pre = await fetch(`${f.base}/api/projects`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    })
    const res = await rawGet('/api/projects', `127.0.0.1:${port}`, {
      origin: 'https://evil.example',
      authorization: `Token ${f.tokens.OW}`,
    })
    // A foreign Origin is refused before the token is read (the cross-site guard).
    expect(res.status).toBe(403)
    for (const h of [Object.fromEntries(pre.headers), res.headers]) {
      expect(Object.keys(h).filter((k) => k.startsWith('access-control-'))).toEqual([])
    }
  })
})
