import { afterEach, describe, expect, it } from 'vitest'
import { makeHarness, OWNER_EMAIL, OWNER_PASSWORD, type Harness } from '../auth/harness'

let h: Harness
afterEach(async () => {
  await h?.app.close()
})

/** Reads a server-sent-event stream until `until` matches the text so far. */
async function readUntil(res: Response, until: RegExp, ms = 5000): Promise<string> {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const deadline = Date.now() + ms
  while (!until.test(text) && Date.now() < deadline) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value)
  }
  await reader.cancel()
  return text
}

describe('admin HTTP over a real loopback socket', () => {
  it('signs in with fetch and calls /rpc with the cookie and CSRF token', async () => {
    h = await makeHarness()
    const base = await h.app.listen({ host: '127.0.0.1', port: 0 })
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
    })
    expect(login.status).toBe(200)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const { csrfToken } = ((await login.json()) as { value: { csrfToken: string } }).value
    const call = (headers: Record<string, string>) =>
      fetch(`${base}/rpc/org:get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: '{}',
      })
    expect((await call({})).status).toBe(403)
    const ok = await call({ 'x-csrf-token': csrfToken })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ ok: true, value: { title: 'Acme Labeling' } })
  })
})

describe('admin HTTP: /rpc/events over a real socket', () => {
  it('streams engine events to a signed-in session', async () => {
    h = await makeHarness()
    const { cookie } = await h.signIn()
    const base = await h.app.listen({ host: '127.0.0.1', port: 0 })
    const res = await fetch(`${base}/rpc/events`, {
      headers: { cookie, accept: 'text/event-stream' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    setTimeout(() => h.engine.events.emit('data:changed', { domain: 'workspaces' }), 100)
    const text = await readUntil(res, /event: data:changed\ndata: \{"domain":"workspaces"\}/)
    expect(text).toContain('event: data:changed\ndata: {"domain":"workspaces"}')
  })

  it('tells a signed-out EventSource to come back later, and a plain client 401', async () => {
    h = await makeHarness()
    const base = await h.app.listen({ host: '127.0.0.1', port: 0 })
    const stream = await fetch(`${base}/rpc/events`, { headers: { accept: 'text/event-stream' } })
    const text = await stream.text()
    expect(text).toMatch(/^retry: \d+/)
    expect(text).not.toContain('data:changed')
    expect((await fetch(`${base}/rpc/events`)).status).toBe(401)
  })
})
