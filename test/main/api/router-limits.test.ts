import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixture, type Fixture } from './support'

let f: Fixture
beforeAll(async () => {
  f = await startFixture()
})
afterAll(async () => f.close())

/** Paths the router itself could answer before any hook runs: each must still look like ours. */
describe('URLs the router finds odd', () => {
  it('a path segment far longer than any id is a 404 in the documented shape, and recorded', async () => {
    const path = `/api/projects/${'y'.repeat(300)}`
    const res = await f.req('GET', path, { token: f.tokens.OW })
    expect(res.status, JSON.stringify(res.body)).toBe(404)
    expect(res.body).toMatchObject({ status_code: 404, exc_info: null })
    expect(res.body.detail).toBeTruthy()
    expect(
      f.apiEntries().some((e) => e.url?.startsWith('/api/projects/yyyy') && e.status === 404),
    ).toBe(true)
  })

  it('a malformed percent-escape is a 400 in the documented shape, and recorded', async () => {
    const res = await f.req('GET', '/api/projects/%zz', { token: f.tokens.OW })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ status_code: 400, exc_info: null })
    expect(res.body.detail).toBeTruthy()
    expect(f.apiEntries().some((e) => e.url === '/api/projects/%zz' && e.status === 400)).toBe(true)
  })
})
