/**
 * A server process for api.bench.ts; prints one JSON line `{ url, token? }` once listening.
 *   api  <workDir> [syslog]  the real local API over a file database (WAL), a service account
 *                            token, 20 projects; per-token rate limit lifted for the load test;
 *                            with a tcp:// address, one log stream delivering there
 *   bare <responses.json>   node:http answering each path with the recorded bytes and headers
 *   fastify <responses.json> [workDir]
 *                            the same bytes from Fastify (the API's framework), no auth; with a
 *                            workDir, each request also gets one durable activity entry the way
 *                            the API records it (group commit in onSend): the floor of any
 *                            server that keeps DESIGN §6's promise
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'

const [, , mode, arg] = process.argv
// Exit normally on SIGTERM so --cpu-prof (when profiling a run by hand) writes its profile.
process.on('SIGTERM', () => process.exit(0))

interface Recorded {
  status: number
  contentType: string
  body: string
}

async function api(workDir: string, syslog?: string) {
  const { openDatabase } = await import('../../../src/main/db/open')
  const { defaultDeps } = await import('../../../src/main/engine/deps')
  const { createEngine } = await import('../../../src/main/engine/engine')
  const { startLocalApi } = await import('../../../src/main/api/server')
  const { startWalCheckpointer } = await import('../../../src/main/db/wal-checkpointer')
  const db = openDatabase(join(workDir, 'api.db'))
  startWalCheckpointer(db, join(workDir, 'api.db'))
  const engine = createEngine(defaultDeps(db))
  const owner = engine.organization.ensure({
    title: 'Acme Labeling',
    ownerEmail: 'owner@acme.test',
  })
  for (let w = 0; w < 4; w++) {
    const ws = engine.workspaces.create(owner, { title: `Workspace ${w + 1}` })
    for (let p = 0; p < 5; p++) {
      engine.projects.create(owner, { title: `Project ${w * 5 + p + 1}`, workspaceId: ws.id })
    }
  }
  const { token } = engine.serviceAccounts.create(owner, { name: 'load test', role: 'AD' })
  if (syslog) {
    engine.streams.add(owner, 'bench', { kind: 'syslog', url: syslog })
    engine.streams.startDelivery()
  }
  const running = await startLocalApi({
    engine,
    host: '127.0.0.1',
    port: 0,
    limits: { perToken: Number.MAX_SAFE_INTEGER },
  })
  console.log(JSON.stringify({ url: running.url, token }))
}

function recorded(responsesFile: string) {
  const responses = JSON.parse(readFileSync(responsesFile, 'utf8')) as Record<string, Recorded>
  return new Map(
    Object.entries(responses).map(([path, r]) => [
      path,
      { ...r, bytes: Buffer.from(r.body, 'base64') },
    ]),
  )
}

async function framework(responsesFile: string, workDir: string | undefined) {
  const bodies = recorded(responsesFile)
  const { default: Fastify } = await import('fastify')
  const app = Fastify({ logger: false })
  if (workDir) {
    const { openDatabase } = await import('../../../src/main/db/open')
    const { defaultDeps } = await import('../../../src/main/engine/deps')
    const { createEngine } = await import('../../../src/main/engine/engine')
    const { startWalCheckpointer } = await import('../../../src/main/db/wal-checkpointer')
    const db = openDatabase(join(workDir, 'floor.db'))
    // Storage set up as serve and the desktop set it up (start-core.ts).
    startWalCheckpointer(db, join(workDir, 'floor.db'))
    const engine = createEngine(defaultDeps(db))
    const owner = engine.organization.ensure({ title: 'Floor', ownerEmail: 'owner@floor.test' })
    // The entry the API writes for the same request: the caller's account, email and token are
    // set, so it lands in the same indexes (actor, token, method, status, kind) as the API's.
    const { token } = engine.serviceAccounts.create(owner, { name: 'load test', role: 'AD' })
    const verified = engine.tokens.verify(token)
    if (!verified.ok) throw new Error(`floor token did not verify: ${verified.reason}`)
    const caller = verified.principal
    app.addHook('onSend', async (request, reply, payload) => {
      const ua = request.headers['user-agent']
      await engine.activity.apiBatched({
        organization_id: owner.organizationId,
        actor_id: caller.userId,
        actor_email: caller.email,
        token_id: caller.tokenId,
        ip: request.ip,
        user_agent: typeof ua === 'string' ? ua.slice(0, 256) : null,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        duration_ms: 0,
        project_id: null,
        workspace_id: null,
        details: JSON.stringify({ route: request.routeOptions.url }),
      })
      return payload
    })
  }
  for (const [path, r] of bodies) {
    app.get(path, async (_request, reply) => reply.code(r.status).type(r.contentType).send(r.bytes))
  }
  await app.listen({ host: '127.0.0.1', port: 0 })
  const a = app.server.address()
  const port = a && typeof a === 'object' ? a.port : 0
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }))
}

function bare(responsesFile: string) {
  const bodies = recorded(responsesFile)
  const server = createServer((req, res) => {
    const r = bodies.get(req.url ?? '')
    if (!r) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(r.status, { 'content-type': r.contentType, 'content-length': r.bytes.length })
    res.end(r.bytes)
  })
  server.listen(0, '127.0.0.1', () => {
    const a = server.address()
    const port = a && typeof a === 'object' ? a.port : 0
    console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }))
  })
}

const fail = (err: unknown) => {
  console.error(err)
  process.exit(1)
}
if (mode === 'api') api(arg!, process.argv[4]).catch(fail)
else if (mode === 'fastify') framework(arg!, process.argv[4]).catch(fail)
else bare(arg!)
