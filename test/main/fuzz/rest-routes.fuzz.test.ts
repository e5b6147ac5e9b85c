import { createHash } from 'node:crypto'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApiServer } from '../../../src/main/api/server'
import { makeEngine, type TestEngine } from '../../support/engine'
import { deepJson, deepJsonText, nastyNumber, nastyString, nastyValue } from './fuzz-values'

// FUZZ_LONG=1 runs thousands of cases per route.
const RUNS = process.env.FUZZ_LONG ? 1500 : 60

let t: TestEngine
let app: FastifyInstance
const tokens: Record<string, string> = {}

/**
 * State a refused request must not change (the log and last-used stamps legitimately do; the
 * log is its entries and what each append writes with them: the Merkle tree's stored subtrees,
 * signed checkpoints and the chain's keyed part).
 */
function snapshot(): string {
  const h = createHash('sha256')
  const tables = t.db
    .prepare<
      [],
      { name: string }
    >("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('activity_entries', 'activity_tree_nodes', 'activity_signed_checkpoints', 'activity_chain_segments', 'api_tokens', 'admin_sessions', 'sign_in_failures') ORDER BY name")
    .all()
  for (const { name } of tables) {
    h.update(name)
    h.update(JSON.stringify(t.db.prepare(`SELECT * FROM "${name}"`).raw().all()))
  }
  h.update(JSON.stringify(t.db.prepare('SELECT id, revoked_at FROM api_tokens').raw().all()))
  return h.digest('hex')
}

beforeAll(async () => {
  t = makeEngine()
  await t.value('quota:request', { count: 10, reason: 'fuzz' })
  const [req] = await t.value('quota:list')
  await t.value('quota:approve', { id: req!.id })
  const ws = await t.value('workspaces:create', { title: 'Fuzz' })
  const p = await t.value('projects:create', { title: 'Fuzz project', workspaceId: ws.id })
  for (const role of ['AD', 'MA', 'RE', 'AN'] as const) {
    const created = await t.value('serviceAccounts:create', {
      name: `fuzz-${role}`,
      role,
      projectIds: role === 'AD' ? [] : [p.id],
    })
    tokens[role] = created.token
  }
  app = buildApiServer({
    engine: t.engine,
    host: '127.0.0.1',
    port: 8080,
    limits: { perToken: 1e9, authFailures: 1e9 },
    log: () => {},
  })
  await app.ready()
  // A little real data for ids to hit.
  await app.inject({
    method: 'POST',
    url: `/api/projects/${p.id}/import`,
    headers: { host: '127.0.0.1:8080', authorization: `Token ${tokens.AD}` },
    payload: [{ text: 'a' }, { text: 'b' }],
  })
})
afterAll(() => app?.close())

interface Route {
  method: string
  path: string
}

async function routes(): Promise<Route[]> {
  const res = await app.inject({
    method: 'GET',
    url: '/api/schema/',
    headers: { host: '127.0.0.1:8080' },
  })
  const doc = res.json() as { paths: Record<string, Record<string, unknown>> }
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path })),
  )
}

const pathParam = fc.oneof(
  fc.integer({ min: 1, max: 4 }).map(String),
  nastyNumber.map(String),
  // Lone surrogates cannot be percent-encoded; the raw-bytes bodies cover invalid UTF-8.
  nastyString.map((s) => encodeURIComponent(s.slice(0, 300).replace(/[\ud800-\udfff]/g, '\ufffd'))),
  fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%00', 'null', 'undefined', '1;DROP TABLE tasks'),
)
const query = fc.dictionary(
  fc.constantFrom(
    'page',
    'page_size',
    'project',
    'workspace',
    'ordering',
    'search',
    'token',
    'ids',
    'x',
  ),
  fc.oneof(
    nastyNumber.map(String),
    nastyString.map((s) => s.slice(0, 500)),
  ),
  { maxKeys: 3 },
)
const body = fc.oneof(
  nastyValue.map((v) => ({ kind: 'json' as const, value: v })),
  deepJson.map((v) => ({ kind: 'json' as const, value: v })),
  deepJsonText.map((text) => ({ kind: 'raw' as const, value: Buffer.from(text) })),
  fc
    .constantFrom(
      Buffer.from('{"data": {"text": "unterminated'),
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), // invalid UTF-8 inside JSON
      Buffer.from('[' + '['.repeat(5000)),
    )
    .map((raw) => ({ kind: 'raw' as const, value: raw })),
)
const who = fc.constantFrom('AD', 'MA', 'RE', 'AN', 'none', 'garbage')

describe('every REST route under random and malformed input', async () => {
  const list = await (async () => {
    // vitest collects before beforeAll runs: build a throwaway app just to list routes.
    const tmp = makeEngine()
    const a = buildApiServer({ engine: tmp.engine, host: '127.0.0.1', port: 8080, log: () => {} })
    await a.ready()
    const r = await a.inject({
      method: 'GET',
      url: '/api/schema/',
      headers: { host: '127.0.0.1:8080' },
    })
    await a.close()
    const doc = r.json() as { paths: Record<string, Record<string, unknown>> }
    return Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
  })()

  it('the schema lists the routes we fuzz', async () => {
    expect((await routes()).length).toBeGreaterThan(20)
  })

  it.each(list)(
    '%s: never a 5xx, always the documented error body, no partial write',
    async (route) => {
      const [method, template] = route.split(' ') as [string, string]
      await fc.assert(
        fc.asyncProperty(
          fc.array(pathParam, { minLength: 3, maxLength: 3 }),
          query,
          body,
          who,
          async (params, q, b, role) => {
            let i = 0
            const path = template.replace(/\{[^}]+\}/g, () => params[i++ % params.length]!)
            const qs = new URLSearchParams(q).toString()
            const headers: Record<string, string> = { host: '127.0.0.1:8080' }
            if (role === 'garbage') headers.authorization = 'Token tsa_garbage'
            else if (role !== 'none') headers.authorization = `Token ${tokens[role]}`
            let payload: string | Buffer | undefined
            if (method !== 'GET' && method !== 'DELETE') {
              headers['content-type'] = 'application/json'
              payload = b.kind === 'raw' ? b.value : JSON.stringify(b.value ?? null)
            }
            const before = snapshot()
            const res = await app.inject({
              method: method as 'GET',
              url: qs ? `${path}?${qs}` : path,
              headers,
              payload,
            })
            expect(
              res.statusCode,
              `${method} ${path} → ${res.statusCode} ${res.body.slice(0, 300)}`,
            ).toBeLessThan(500)
            if (res.statusCode >= 400) {
              const err = res.json() as { status_code: number; detail: unknown; exc_info: unknown }
              expect(err.status_code).toBe(res.statusCode)
              expect(err.detail).toBeTruthy()
              expect(err.exc_info).toBeNull()
              expect(snapshot()).toBe(before)
            }
          },
        ),
        { numRuns: RUNS },
      )
      expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok')
    },
  )
})
