import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApiServer } from '../../../src/main/api/server'
import { registerAdminHttp } from '../../../src/main/rpc/http'
import { makeEngine, type TestEngine } from '../../support/engine'
import { fakeRendererDir } from '../auth/harness'

let app: FastifyInstance | null = null
afterEach(async () => {
  await app?.close()
  app = null
})

/** The API with serve mode's admin UI on the same server, listening on loopback. */
async function serve(): Promise<TestEngine & { base: string; port: number; token: string }> {
  const t = makeEngine()
  const token = t.engine.tokens.issue(t.owner.userId, t.owner.organizationId).token
  app = buildApiServer({ engine: t.engine, log: () => {} })
  registerAdminHttp(app, { engine: t.engine, rendererDir: fakeRendererDir() })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as { port: number }).port
  return { ...t, base: `http://127.0.0.1:${port}`, port, token }
}

const apiUrls = (t: TestEngine) =>
  (
    t.db
      .prepare("SELECT url, status FROM activity_entries WHERE kind = 'api' ORDER BY id")
      .all() as { url: string; status: number }[]
  ).map((e) => `${e.status} ${e.url}`)

/** One raw HTTP/1.1 exchange; returns the status code. */
function raw(port: number, requestLine: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (data += chunk))
    socket.on('error', reject)
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)))
    const lines = Object.entries({ ...headers, connection: 'close' }).map(([k, v]) => `${k}: ${v}`)
    socket.write(`${requestLine}\r\n${lines.join('\r\n')}\r\n\r\n`)
  })
}

describe('no request escapes authentication and the activity log by its spelling', () => {
  it.each(['/%61pi/projects/', '/%61%70%69/projects', '/api/%70rojects/'])(
    '%s is authenticated (401 without a token, 200 with) and recorded',
    async (path) => {
      const t = await serve()
      const anonymous = await fetch(`${t.base}${path}`)
      expect(anonymous.status).toBe(401)
      const res = await fetch(`${t.base}${path}`, {
        headers: { authorization: `Token ${t.token}` },
      })
      expect(res.status).toBe(200)
      expect(apiUrls(t)).toEqual([`401 ${path}`, `200 ${path}`])
    },
  )

  it('/%68ealth and /%75ser/login are recorded', async () => {
    const t = await serve()
    expect((await fetch(`${t.base}/%68ealth`)).status).toBe(200)
    const login = await fetch(`${t.base}/%75ser/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@acme.test', password: 'x' }),
    })
    expect(login.status).toBe(401)
    expect(apiUrls(t)).toEqual(['200 /%68ealth', '401 /%75ser/login'])
  })

  it('an absolute-form request line is authenticated and recorded', async () => {
    const t = await serve()
    const host = `127.0.0.1:${t.port}`
    const line = `GET http://${host}/api/projects/ HTTP/1.1`
    expect(await raw(t.port, line, { host })).toBe(401)
    expect(await raw(t.port, line, { host, authorization: `Token ${t.token}` })).toBe(200)
    expect(await raw(t.port, `GET http://${host}/%61pi/projects/ HTTP/1.1`, { host })).toBe(401)
    expect(apiUrls(t)).toHaveLength(3)
    expect(apiUrls(t)[0]).toMatch(/^401 .*\/api\/projects\/$/)
    expect(apiUrls(t)[1]).toMatch(/^200 .*\/api\/projects\/$/)
  })

  it("the admin UI's own routes keep their own sign-in and are not API entries", async () => {
    const t = await serve()
    expect((await fetch(`${t.base}/auth/session`)).status).toBe(200)
    expect((await fetch(`${t.base}/`)).status).toBe(200)
    expect(apiUrls(t)).toEqual([])
  })
})
