import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApiServer } from '../../../src/main/api/server'
import { makeEngine, type TestEngine } from '../../support/engine'

interface Setup extends TestEngine {
  app: FastifyInstance
  base: string
  token: string
  dir: string
}
let s: Setup | null = null

async function setup(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-budget-'))
  const t = makeEngine(join(dir, 'budget.db'))
  const { token } = t.engine.serviceAccounts.create(t.owner, { name: 'busy-bot', role: 'AD' })
  const app = buildApiServer({
    engine: t.engine,
    log: () => {},
    limits: { perToken: Number.MAX_SAFE_INTEGER },
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  s = { ...t, app, base, token, dir }
  return s
}

afterEach(async () => {
  if (!s) return
  await s.app.close()
  s.close()
  rmSync(s.dir, { recursive: true, force: true })
  s = null
})

async function get(t: Setup, token: string | null = t.token) {
  const res = await fetch(`${t.base}/api/current-user/whoami`, {
    headers: token ? { authorization: `Token ${token}` } : {},
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** Sends requests until the log's state is `state` (or a request is not answered 200). */
async function fillUntil(t: Setup, state: 'warn' | 'full') {
  for (let i = 0; i < 5000; i++) {
    const res = await get(t)
    if (res.status !== 200) return res
    // The background measurement, now and then, as the app does after start-up and purges.
    if (i % 200 === 199) t.engine.activity.budget.measure()
    if (i % 25 === 0 && (await t.value('org:get')).activityLog.state === state) return res
  }
  throw new Error(`never reached ${state}`)
}

const entries = (t: TestEngine) =>
  (t.db.prepare('SELECT count(*) AS n FROM activity_entries').get() as { n: number }).n

describe('the activity log size budget', () => {
  it('is an organization setting shown with the current size; 10 GB by default', async () => {
    const t = await setup()
    const org = await t.value('org:get')
    expect(org.settings.activityBudgetMb).toBe(10_240)
    expect(org.activityLog).toMatchObject({ state: 'ok', budgetBytes: 10_240 * 1024 * 1024 })
    expect(t.engine.activity.budget.measure().sizeBytes).toBeGreaterThan(0)
    expect((await t.value('org:get')).activityLog.sizeBytes).toBeGreaterThan(0)
  })

  it('warns at 80 %, fails closed at 100 % with the reason, and resumes at once when raised', async () => {
    const t = await setup()
    const news: string[] = []
    t.engine.events.on('data:changed', ({ domain }) => news.push(domain))
    await t.value('org:updateSettings', { activityBudgetMb: 1 })
    t.engine.activity.budget.measure()

    const warned = await fillUntil(t, 'warn')
    expect(warned.status).toBe(200)
    const atWarn = await t.value('org:get')
    expect(atWarn.activityLog.state).toBe('warn')
    expect(atWarn.activityLog.sizeBytes / atWarn.activityLog.budgetBytes).toBeGreaterThanOrEqual(
      0.8,
    )
    expect(news).toContain('org')

    const refused = await fillUntil(t, 'full')
    expect(refused.status).toBe(503)
    expect(refused.body).toMatchObject({ status_code: 503, exc_info: null })
    expect(String(refused.body.detail)).toMatch(/size budget \(.* of 1\.0 MB\).*raise the budget/)
    expect((await t.value('org:get')).activityLog.state).toBe('full')
    // Fails closed for every further request, without writing anything for it.
    const held = entries(t)
    expect((await get(t)).status).toBe(503)
    expect(entries(t)).toBe(held)
    // Refusals are still only counted (answered as they would be, the log does not grow).
    expect((await get(t, null)).status).toBe(401)
    expect(entries(t)).toBe(held)
    // Nothing was purged to make room: the oldest entry is still the first one.
    expect(t.db.prepare('SELECT min(id) AS id FROM activity_entries').get()).toEqual({ id: 1 })

    await t.value('org:updateSettings', { activityBudgetMb: 20 })
    const resumed = await get(t)
    expect(resumed.status).toBe(200)
    expect(entries(t)).toBeGreaterThan(held)
    expect((await t.value('org:get')).activityLog.state).toBe('ok')
  })

  it('only the Owner may lower it; an Administrator may raise it', async () => {
    const t = await setup()
    const admin = t.engine.people.addPerson(t.owner, { email: 'ad@acme.test', role: 'AD' })
    const as = t.as({ organizationId: t.owner.organizationId, userId: admin.userId })
    const lower = await as.call('org:updateSettings', { activityBudgetMb: 100 })
    expect(lower).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    if (!lower.ok) expect(lower.error.message).toMatch(/Owner.*size budget/)
    const raise = await as.call('org:updateSettings', { activityBudgetMb: 20_000 })
    expect(raise.ok).toBe(true)
    expect((await t.value('org:updateSettings', { activityBudgetMb: 512 })).settings).toMatchObject(
      { activityBudgetMb: 512 },
    )
    const zero = await t.call('org:updateSettings', { activityBudgetMb: 0 })
    expect(zero).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
