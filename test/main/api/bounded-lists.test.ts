// No list answer is built from every row at once. The activity log (Label Studio Enterprise's,
// not open source) gives one capped page for "unlimited" sizes; the members list follows Label
// Studio's own label_studio/organizations/api.py (HumanSignal/label-studio), where
// OrganizationMemberListPagination turns page_size=-1 into a page of 1,000,000, and answers it
// in full, written in chunks (see lsf-pagination.test.ts for the event loop during such pages).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIVITY_MAX_PAGE } from '../../../src/main/api/routes/activity-logs.routes'
import { MEMBERS_PAGING } from '../../../src/main/api/routes/organizations.routes'
import { startFixture, type Fixture } from './support'

const ENTRIES = 30_000

interface LogPage {
  recordsTotal: number
  recordsFiltered: number
  data: { id: number }[]
}

describe('capped list answers', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await startFixture()
    // Seeded as the Manager's requests, so the Owner's own (recorded) reads below do not
    // shift the filtered listing while it is paged.
    const seed = f.db.transaction(() => {
      for (let i = 0; i < ENTRIES; i++) {
        f.engine.activity.api({
          organization_id: f.org,
          actor_id: f.userIds.MA,
          actor_email: 'ma@acme.test',
          token_id: null,
          ip: '127.0.0.1',
          user_agent: 'seed',
          method: 'GET',
          url: `/api/projects/?page=${i}`,
          status: 200,
          duration_ms: 1,
          project_id: null,
          workspace_id: null,
          details: null,
        })
      }
    })
    seed()
  }, 60_000)
  afterAll(() => f.close())

  const log = async (query: string): Promise<LogPage> => {
    const r = await f.req('GET', `/api/activity-logs/?user=${f.userIds.MA}&${query}`, {
      token: f.tokens.OW,
    })
    expect(r.status).toBe(200)
    return r.body as LogPage
  }

  it.each(['page_size=-1', 'length=-1', 'page_size=1000000', 'length=50000'])(
    'activity log %s answers one page of at most the maximum, with the full count',
    async (query) => {
      const page = await log(query)
      expect(ACTIVITY_MAX_PAGE).toBe(1000)
      expect(page.data).toHaveLength(ACTIVITY_MAX_PAGE)
      expect(page.recordsFiltered).toBeGreaterThanOrEqual(ENTRIES)
    },
  )

  it('the other pages reach every entry, once each', async () => {
    const first = await log('page_size=-1')
    const total = first.recordsFiltered
    const seen = new Set(first.data.map((e) => e.id))
    for (let page = 2; seen.size < total; page++) {
      const next = await log(`page=${page}&page_size=-1`)
      expect(next.recordsFiltered).toBe(total)
      if (next.data.length === 0) break
      for (const e of next.data) seen.add(e.id)
    }
    expect(seen.size).toBe(total)
    // DataTables' start/length walks the same set.
    const tail = await log(`start=${total - 10}&length=-1`)
    expect(tail.data).toHaveLength(10)
  })

  it('members page_size=-1 is every member, as OrganizationMemberListPagination (1,000,000) gives, streamed', async () => {
    f.db.prepare('UPDATE organizations SET seat_limit = 5000').run()
    for (let i = 0; i < 1005; i++) {
      f.engine.people.addPerson(f.owner, { email: `m${i}@acme.test`, role: 'AN' })
    }
    const path = `/api/organizations/${f.org}/memberships`
    const all = await f.req('GET', `${path}?page_size=-1`, { token: f.tokens.OW })
    expect(all.status).toBe(200)
    expect(MEMBERS_PAGING.minusOne).toBe(1_000_000)
    expect(all.body.count).toBeGreaterThan(1005)
    expect(all.body.results).toHaveLength(all.body.count)
    expect(all.body.next).toBeNull()
    const ids = new Set(all.body.results.map((m: { user: { id: number } }) => m.user.id))
    expect(ids.size).toBe(all.body.count)
    // Any page_size is honoured (no max_page_size); pages past the end are DRF's 404.
    const pages = await f.req('GET', `${path}?page_size=600&page=2`, { token: f.tokens.OW })
    expect(pages.body.results).toHaveLength(all.body.count - 600)
    expect(
      (await f.req('GET', `${path}?page_size=600&page=3`, { token: f.tokens.OW })).status,
    ).toBe(404)
  })
})
