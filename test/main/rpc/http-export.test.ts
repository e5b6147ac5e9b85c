import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { makeHarness, type Harness } from '../auth/harness'

let h: Harness
afterEach(async () => {
  await h?.app.close()
})

const url = (format: string, filter: unknown) =>
  `/rpc/activity/export?${new URLSearchParams({ format, filter: JSON.stringify(filter) })}`

async function seed() {
  const ws = await h.value('workspaces:create', { title: 'Docs, "special"' })
  const created = await h.value('serviceAccounts:create', {
    name: 'exporter',
    role: 'AN',
    workspaceIds: [ws.id],
  })
  return created.account.userId
}

describe('GET /rpc/activity/export (serve-mode download)', () => {
  it('streams the filtered log as a CSV attachment to a signed-in admin', async () => {
    h = await makeHarness()
    const userId = await seed()
    const { cookie } = await h.signIn()
    const res = await h.app.inject({
      method: 'GET',
      url: url('csv', { userId }),
      headers: { cookie },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/csv/)
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="tessera-activity-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const rows = parse(res.body, { columns: true }) as Record<string, string>[]
    // Only what the filter selects: the account's creation, done to it.
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => JSON.stringify(r).includes('service_account'))).toBe(true)
    // The export itself is an admin action on record.
    const last = h.db
      .prepare("SELECT action FROM activity_entries WHERE kind = 'admin' ORDER BY id DESC LIMIT 1")
      .pluck()
      .get()
    expect(last).toBe('activity.export')
  })

  it('JSON export parses and matches the same filter', async () => {
    h = await makeHarness()
    const userId = await seed()
    const { cookie } = await h.signIn()
    const res = await h.app.inject({
      method: 'GET',
      url: url('json', { userId }),
      headers: { cookie },
    })
    expect(res.statusCode).toBe(200)
    const data = JSON.parse(res.body) as unknown[]
    expect(Array.isArray(data)).toBe(true)
    expect(data.length).toBeGreaterThan(0)
  })

  it('refuses without a session, and a bad format or filter with 400', async () => {
    h = await makeHarness()
    expect((await h.app.inject({ method: 'GET', url: url('csv', {}) })).statusCode).toBe(401)
    const { cookie } = await h.signIn()
    for (const bad of [
      url('xml', {}),
      url('csv', { userId: 'x' }),
      '/rpc/activity/export?format=csv&filter=%7Bnope',
    ]) {
      const res = await h.app.inject({ method: 'GET', url: bad, headers: { cookie } })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION')
    }
  })
})
