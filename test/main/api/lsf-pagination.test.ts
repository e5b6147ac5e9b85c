// Page-number lists behave as Django REST Framework's PageNumberPagination does in Label
// Studio (rest_framework/pagination.py): page 1 of an empty list is 200, a page past the last
// (or a page that is not a positive integer) is 404 {"detail": "Invalid page."}; page sizes
// follow each list's pagination class: ProjectListPagination (30, any page_size),
// TaskPagination (100, any page_size: TASK_API_PAGE_SIZE_MAX is unset by default), and
// OrganizationMemberListPagination (20, page_size=-1 = 1,000,000). Huge pages are streamed.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixture, type Fixture } from './support'

describe('Label Studio pagination (DRF PageNumberPagination)', () => {
  let f: Fixture
  let big: number
  const TASKS = 250
  beforeAll(async () => {
    f = await startFixture()
    const made = await f.req('POST', '/api/projects/', {
      token: f.tokens.OW,
      body: { title: 'Paging', workspace: f.wsA },
    })
    big = made.body.id
    const tasks = Array.from({ length: TASKS }, (_, i) => ({ text: `t${i}` }))
    const imported = await f.req('POST', `/api/projects/${big}/import`, {
      token: f.tokens.OW,
      body: tasks,
    })
    expect(imported.status).toBe(201)
  })
  afterAll(() => f.close())
  const get = (path: string, token = f.tokens.OW) => f.req('GET', path, { token })

  it('ProjectListAPI: a page past the last is 404 "Invalid page." in Label Studio\'s error body', async () => {
    const past = await get('/api/projects/?page=99')
    expect(past.status).toBe(404)
    expect(past.body).toMatchObject({ status_code: 404, detail: 'Invalid page.', exc_info: null })
    expect(past.body.id).toEqual(expect.any(String))
    for (const page of ['0', '-1', 'abc', '1.5']) {
      expect((await get(`/api/projects/?page=${page}`)).status, page).toBe(404)
    }
    // DRF's last_page_strings.
    const last = await get('/api/projects/?page=last&page_size=1')
    expect(last.status).toBe(200)
    expect(last.body.next).toBeNull()
  })

  it('ProjectListAPI: page 1 of an empty list is 200 with no results', async () => {
    const none = await get('/api/projects/?title=no-such-project-anywhere')
    expect(none.status).toBe(200)
    expect(none.body).toEqual({ count: 0, next: null, previous: null, results: [] })
  })

  it('ProjectListPagination: 30 a page, an unusable page_size is the default (DRF get_page_size)', async () => {
    for (let i = 0; i < 40; i++) {
      await f.req('POST', '/api/projects/', { token: f.tokens.OW, body: { title: `Bulk ${i}` } })
    }
    const first = await get('/api/projects/')
    expect(first.body.results).toHaveLength(30)
    for (const size of ['abc', '0', '-5']) {
      expect((await get(`/api/projects/?page_size=${size}`)).body.results, size).toHaveLength(30)
    }
  })

  it('legacy Client.list_projects() asks for page_size=10000000 and gets every project', async () => {
    const all = await get('/api/projects/?page_size=10000000')
    expect(all.status).toBe(200)
    expect(all.body.results).toHaveLength(all.body.count)
    expect(all.body.count).toBeGreaterThan(40)
    expect(all.body.next).toBeNull()
  })

  it('TaskListAPI (TaskPagination): the legacy SDK Project.get_tasks() loop stops on the 404', async () => {
    // label_studio_sdk/_legacy/project.py: get_tasks() asks page 1, 2, … with page_size=100 and
    // stops only when get_paginated_tasks() sees a 404 ("end_pagination").
    const seen: number[] = []
    let page = 1
    for (; page < 50; page++) {
      const r = await get(`/api/tasks/?project=${big}&page=${page}&page_size=100&fields=all`)
      if (r.status === 404) {
        expect(r.body.detail).toBe('Invalid page.')
        break
      }
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({ total: TASKS })
      seen.push(...r.body.tasks.map((t: { id: number }) => t.id))
    }
    expect(page).toBe(4)
    expect(new Set(seen).size).toBe(TASKS)
  })

  it('TaskPagination: page 1 of a project without tasks is 200 with no tasks', async () => {
    const empty = await f.req('POST', '/api/projects/', {
      token: f.tokens.OW,
      body: { title: 'Empty' },
    })
    const r = await get(`/api/tasks/?project=${empty.body.id}`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ total_annotations: 0, total_predictions: 0, total: 0, tasks: [] })
    expect((await get(`/api/tasks/?project=${empty.body.id}&page=2`)).status).toBe(404)
  })

  it('TaskPagination allows any page_size: a huge page is streamed without holding the event loop', async () => {
    const more = Array.from({ length: 6000 }, (_, i) => ({ text: `more ${i} ${'x'.repeat(200)}` }))
    await f.req('POST', `/api/projects/${big}/import`, { token: f.tokens.OW, body: more })
    const delay = monitorEventLoopDelay({ resolution: 5 })
    delay.enable()
    let slowestHealth = 0
    let running = true
    const probe = (async () => {
      while (running) {
        const t = performance.now()
        await fetch(`${f.base}/health`)
        slowestHealth = Math.max(slowestHealth, performance.now() - t)
        await new Promise((r) => setTimeout(r, 5))
      }
    })()
    const r = await get(`/api/tasks/?project=${big}&page_size=10000000`)
    running = false
    await probe
    delay.disable()
    expect(r.status).toBe(200)
    expect(r.body.total).toBe(TASKS + 6000)
    expect(r.body.tasks).toHaveLength(TASKS + 6000)
    expect(new Set(r.body.tasks.map((t: { id: number }) => t.id)).size).toBe(TASKS + 6000)
    expect(delay.max / 1e6).toBeLessThan(200)
    expect(slowestHealth).toBeLessThan(200)
    // The second page of that size does not exist.
    expect((await get(`/api/tasks/?project=${big}&page=2&page_size=10000000`)).status).toBe(404)
    // A page inside the list, bigger than the streaming threshold, starts where it should.
    const second = await get(`/api/tasks/?project=${big}&page=2&page_size=2000`)
    expect(second.body.tasks).toHaveLength(2000)
    expect(second.body.tasks[0].id).toBe(r.body.tasks[2000].id)
  })

  it('OrganizationMemberListPagination: a page past the last is 404, page_size=-1 is everyone', async () => {
    const path = `/api/organizations/${f.org}/memberships`
    const all = await get(`${path}?page_size=-1`)
    expect(all.body.results).toHaveLength(all.body.count)
    expect(all.body.next).toBeNull()
    expect((await get(`${path}?page=2&page_size=-1`)).status).toBe(404)
  })
})
