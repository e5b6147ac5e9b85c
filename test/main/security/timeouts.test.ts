import { connect, type Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApiServer } from '../../../src/main/api/server'
import type { ServerTimeouts } from '../../../src/main/api/server-timeouts'
import { SERVER_TIMEOUTS } from '../../../src/main/api/server-timeouts'
import { makeEngine, type TestEngine } from '../../support/engine'

let app: FastifyInstance | undefined
let t: TestEngine | undefined
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await app?.close()
  t?.close()
  app = t = undefined
})

async function serve(timeouts: Partial<ServerTimeouts>) {
  t = makeEngine()
  const token = t.engine.tokens.issue(t.owner.userId, t.owner.organizationId).token
  app = buildApiServer({ engine: t.engine, log: () => {}, timeouts })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as { port: number }).port
  return { port, token, host: `127.0.0.1:${port}` }
}

/** A raw loopback connection that records what it receives and when it was closed. */
function open(port: number) {
  const socket = connect({ host: '127.0.0.1', port })
  sockets.push(socket)
  const started = Date.now()
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (received += chunk))
  socket.on('error', () => {}) // a reset is one of the ways of being cut off
  const closed = new Promise<{ ms: number; received: string }>((resolve) =>
    socket.on('close', () => resolve({ ms: Date.now() - started, received })),
  )
  const connected = new Promise<void>((resolve) => socket.on('connect', () => resolve()))
  return { socket, closed, connected, received: () => received }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('request and connection timeouts', () => {
  it('has production defaults that bound every stage', () => {
    expect(SERVER_TIMEOUTS).toEqual({
      requestMs: 60_000,
      headersMs: 10_000,
      idleMs: 60_000,
      keepAliveMs: 10_000,
      maxConnections: 256,
      checkIntervalMs: 1_000,
    })
    t = makeEngine()
    const built = buildApiServer({ engine: t.engine, log: () => {} })
    app = built
    expect(built.server.requestTimeout).toBe(60_000)
    expect(built.server.headersTimeout).toBe(10_000)
    expect(built.server.keepAliveTimeout).toBe(10_000)
    expect(built.server.timeout).toBe(60_000)
    expect(built.server.maxConnections).toBe(256)
  })

  it('cuts off a client that sends headers and then dribbles the body, with 408', async () => {
    const { port, token, host } = await serve({
      requestMs: 300,
      headersMs: 300,
      checkIntervalMs: 25,
    })
    const c = open(port)
    await c.connected
    c.socket.write(
      `POST /api/workspaces/ HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Token ${token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"title": "',
    )
    const dribble = setInterval(() => c.socket.writable && c.socket.write('x'), 40)
    const { ms, received } = await c.closed
    clearInterval(dribble)
    expect(received).toMatch(/^HTTP\/1\.1 408 /)
    expect(ms).toBeGreaterThanOrEqual(280)
    expect(ms).toBeLessThan(1500)
    // Nothing was created by the half-sent request.
    expect(t!.engine.workspaces.list(t!.owner)).toEqual([])
  })

  it('cuts off a client that connects and sends no headers (or only part of them)', async () => {
    const { port } = await serve({
      headersMs: 200,
      requestMs: 5_000,
      idleMs: 5_000,
      checkIntervalMs: 25,
    })
    const silent = open(port)
    const partial = open(port)
    await partial.connected
    partial.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    for (const c of [silent, partial]) {
      const { ms } = await c.closed
      expect(ms).toBeLessThan(1500)
    }
    expect(partial.received()).toMatch(/^HTTP\/1\.1 408 /)
  })

  it('closes connections beyond the cap while an open one keeps working', async () => {
    const { port, host } = await serve({ maxConnections: 2 })
    const health = `GET /health HTTP/1.1\r\nHost: ${host}\r\n\r\n`
    const a = open(port)
    await a.connected
    a.socket.write(health)
    await expect.poll(() => a.received(), { timeout: 2000 }).toMatch(/^HTTP\/1\.1 200 /)
    const b = open(port)
    await b.connected
    await sleep(50)
    const refused = open(port)
    const { ms, received } = await refused.closed
    expect(received).toBe('')
    expect(ms).toBeLessThan(1000)
    // The connection already open is still served (keep-alive), and so is b.
    const before = a.received().length
    a.socket.write(health)
    await expect
      .poll(() => a.received().slice(before), { timeout: 2000 })
      .toMatch(/^HTTP\/1\.1 200 /)
    b.socket.write(health)
    await expect.poll(() => b.received(), { timeout: 2000 }).toMatch(/^HTTP\/1\.1 200 /)
  })
})
