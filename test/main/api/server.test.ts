import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startLocalApi } from '../../../src/main/api/server'
import { makeEngine } from '../../support/engine'
import { startFixture, type Fixture } from './support'

let f: Fixture | undefined
afterEach(async () => {
  await f?.close()
  f = undefined
})

describe('startLocalApi', () => {
  it('moves to the next free port when asked to, and reports the URL', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const taken = (blocker.address() as { port: number }).port
    const t = makeEngine()
    try {
      const api = await startLocalApi({ engine: t.engine, port: taken, portFallback: true })
      expect(api.port).toBeGreaterThan(taken)
      expect(api.url).toBe(`http://127.0.0.1:${api.port}`)
      expect((await fetch(`${api.url}/health`)).status).toBe(200)
      await api.close()
      await expect(startLocalApi({ engine: t.engine, port: taken })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      })
    } finally {
      blocker.close()
      t.close()
    }
  })
})

describe('durable recording', () => {
  it('answers 503 instead of the result when the entry cannot be written first', async () => {
    f = await startFixture()
    // Whichever append the recorder uses (single or group commit) fails.
    const recorder = f.engine.activity as unknown as Record<string, unknown>
    const saved = { api: recorder.api, apiBatched: recorder.apiBatched }
    const fail = () => {
      throw new Error('disk full')
    }
    recorder.api = fail
    recorder.apiBatched = fail
    try {
      const res = await f.req('GET', '/api/current-user/whoami', { token: f.tokens.AN })
      expect(res.status).toBe(503)
      expect(JSON.stringify(res.body)).not.toContain('@service-accounts')
    } finally {
      Object.assign(recorder, saved)
    }
  })
})
