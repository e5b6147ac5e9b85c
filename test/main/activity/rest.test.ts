import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixture, type Fixture } from '../api/support'

describe('GET /api/activity-logs/', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await startFixture()
    // Some traffic to find: each request below is itself recorded.
    await f.req('GET', '/api/current-user/whoami', { token: f.tokens.AN })
    await f.req('GET', `/api/projects/${f.pA}`, { token: f.tokens.MA })
    await f.req('GET', `/api/projects/${f.pA}/tasks`, { token: f.tokens.MA })
  })
  afterAll(() => f.close())

  it('answers OW and AD in the Label Studio shape, newest first', async () => {
    const r = await f.req('GET', '/api/activity-logs/?page_size=2', { token: f.tokens.AD })
    expect(r.status).toBe(200)
    expect(r.body.recordsTotal).toBeGreaterThan(3)
    expect(r.body.recordsFiltered).toBe(r.body.recordsTotal)
    expect(r.body.data).toHaveLength(2)
    const [a, b] = r.body.data
    expect(a.id).toBeGreaterThan(b.id)
    expect(a).toMatchObject({
      datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      email: expect.any(String),
      request_method: expect.any(String),
      request_url: expect.any(String),
      response_code: expect.any(String),
      user_id: expect.any(Number),
    })
    expect((await f.req('GET', '/api/activity-logs', { token: f.tokens.OW })).status).toBe(200)
  })

  it('refuses every other role', async () => {
    for (const role of ['MA', 'RE', 'AN'] as const) {
      expect((await f.req('GET', '/api/activity-logs/', { token: f.tokens[role] })).status).toBe(
        403,
      )
    }
    expect((await f.req('GET', '/api/activity-logs/', { token: null })).status).toBe(401)
  })

  it('filters by user, project, method and search, pages, and page_size=-1 gives the largest page', async () => {
    const ma = f.userIds.MA
    const byUser = await f.req('GET', `/api/activity-logs/?user=${ma}&page_size=-1`, {
      token: f.tokens.OW,
    })
    expect(byUser.body.data.length).toBe(byUser.body.recordsFiltered)
    expect(byUser.body.data.every((e: { user_id: number }) => e.user_id === ma)).toBe(true)
    const tasks = await f.req('GET', `/api/activity-logs/?user=${ma}&search=projects AND tasks`, {
      token: f.tokens.OW,
    })
    expect(tasks.body.data.map((e: { request_url: string }) => e.request_url)).toEqual([
      `/api/projects/${f.pA}/tasks`,
    ])
    const post = await f.req('GET', '/api/activity-logs/?method=POST', { token: f.tokens.OW })
    expect(
      post.body.data.every((e: { request_method: string }) => e.request_method === 'POST'),
    ).toBe(true)
    // Paged on MA's entries: the Owner's own paging requests are logged too and would shift
    // an unfiltered page-number listing (as in Label Studio).
    const p1 = await f.req('GET', `/api/activity-logs/?user=${ma}&page=1&page_size=1`, {
      token: f.tokens.OW,
    })
    const p2 = await f.req('GET', `/api/activity-logs/?user=${ma}&page=2&page_size=1`, {
      token: f.tokens.OW,
    })
    expect(p1.body.data.map((e: { id: number }) => e.id)).toEqual([byUser.body.data[0].id])
    expect(p2.body.data.map((e: { id: number }) => e.id)).toEqual([byUser.body.data[1].id])
    const future = await f.req('GET', '/api/activity-logs/?start_date=2999-01-01', {
      token: f.tokens.OW,
    })
    expect(future.body).toMatchObject({ recordsFiltered: 0, data: [] })
    const bad = await f.req('GET', '/api/activity-logs/?start_date=yesterday', {
      token: f.tokens.OW,
    })
    expect(bad.status).toBe(400)
    expect(
      (await f.req('GET', '/api/activity-logs/?method=TRACE', { token: f.tokens.OW })).status,
    ).toBe(400)
  })
})
