import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH } from '../../../src/main/api/json-body'
import { buildApiServer } from '../../../src/main/api/server'
import { makeEngine, type TestEngine } from '../../support/engine'

let t: TestEngine
let app: FastifyInstance
let headers: Record<string, string>
let projectId: number

beforeAll(async () => {
  t = makeEngine()
  const ws = await t.value('workspaces:create', { title: 'W' })
  projectId = (await t.value('projects:create', { title: 'P', workspaceId: ws.id })).id
  const { token } = await t.value('serviceAccounts:create', { name: 'admin-bot', role: 'AD' })
  headers = {
    host: '127.0.0.1:8080',
    authorization: `Token ${token}`,
    'content-type': 'application/json',
  }
  app = buildApiServer({ engine: t.engine, host: '127.0.0.1', port: 8080, log: () => {} })
  await app.ready()
})
afterAll(() => app.close())

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
const taskCount = () => t.db.prepare('SELECT count(*) FROM tasks').pluck().get()

describe('request hardening', () => {
  it('refuses JSON nested deeper than the limit with 400, and accepts the limit itself', async () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 10_000, 300_000]) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/import`,
        headers,
        payload: `[{"data":{"x":${nested(depth)}}}]`,
      })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({
        status_code: 400,
        detail: `JSON nested too deeply: at most ${MAX_JSON_DEPTH} levels.`,
      })
    }
    expect(taskCount()).toBe(0)
    const ok = await app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/import`,
      headers,
      // list → object → data → x: 3 levels, then the arrays: exactly MAX_JSON_DEPTH in all.
      payload: `[{"data":{"x":${nested(MAX_JSON_DEPTH - 3)}}}]`,
    })
    expect(ok.statusCode).toBe(201)
  })

  it('answers malformed JSON and prototype poisoning with 400 in the Label Studio error shape', async () => {
    for (const payload of ['{"data": ', '{"__proto__": {"admin": true}, "data": {}}']) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/tasks/?project=${projectId}`,
        headers,
        payload,
      })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ status_code: 400, exc_info: null })
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })

  it('sends no CORS headers, not even to a preflight from another origin', async () => {
    const origin = { origin: 'http://evil.example' }
    const pre = await app.inject({
      method: 'OPTIONS',
      url: '/api/projects/',
      headers: { ...headers, ...origin, 'access-control-request-method': 'GET' },
    })
    const get = await app.inject({
      method: 'GET',
      url: '/api/projects/',
      headers: { ...headers, ...origin },
    })
    for (const res of [pre, get]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([])
    }
  })

  it('a huge URL is answered without a server error', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/projects/?search=${'a'.repeat(100_000)}`,
      headers,
    })
    expect(res.statusCode).toBeLessThan(500)
    // …and its recorded URL is capped at 256 characters.
    const url = t.db
      .prepare('SELECT url FROM activity_entries ORDER BY id DESC LIMIT 1')
      .pluck()
      .get() as string
    expect(url.length).toBeLessThanOrEqual(256)
  })
})
