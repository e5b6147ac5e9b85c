import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApiServer, type ApiServerOptions } from '../../../src/main/api/server'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { makeEngine, type TestEngine } from '../../support/engine'

const FAKE = `tsa_${'x'.repeat(36)}`
/** The flood: a few thousand requests on 50 connections (the 30 s soak is the bench's). */
const FLOOD = 3000

interface Setup extends TestEngine {
  app: FastifyInstance
  base: string
  token: string
  saId: number
  dir: string
}

let s: Setup | null = null

async function setup(limits?: ApiServerOptions['limits']): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-flood-'))
  const t = makeEngine(join(dir, 'flood.db'))
  const created = t.engine.serviceAccounts.create(t.owner, { name: 'legit-bot', role: 'AD' })
  const app = buildApiServer({ engine: t.engine, log: () => {}, limits })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  s = { ...t, app, base, token: created.token, saId: created.account.userId, dir }
  return s
}

afterEach(async () => {
  if (!s) return
  await s.app.close()
  s.close()
  rmSync(s.dir, { recursive: true, force: true })
  s = null
})

const usedBytes = (t: TestEngine) => {
  const pages = t.db.pragma('page_count', { simple: true }) as number
  const free = t.db.pragma('freelist_count', { simple: true }) as number
  return (pages - free) * (t.db.pragma('page_size', { simple: true }) as number)
}
const apiRows = (t: TestEngine) =>
  t.db
    .prepare("SELECT * FROM activity_entries WHERE kind = 'api' ORDER BY id")
    .all() as ActivityRow[]
const summaryOf = (r: ActivityRow) =>
  (JSON.parse(r.details ?? '{}') as { summary?: { count: number; fingerprint: string } }).summary

function flood(url: string, headers: Record<string, string>, amount = FLOOD) {
  return autocannon({ url, connections: 50, amount, headers, timeout: 20 })
}

describe('a flood of refused requests is counted, not multiplied', () => {
  it('an unknown token: a few hundred entries and well under 2 MB for thousands of requests', async () => {
    const t = await setup()
    const before = usedBytes(t)
    const entriesBefore = apiRows(t).length
    const result = await flood(`${t.base}/api/projects/`, {
      authorization: `Token ${FAKE}`,
      'user-agent': 'flood/1.0',
    })
    expect(result.errors).toBe(0)
    expect(result.requests.total).toBeGreaterThanOrEqual(FLOOD)
    // Closing the server writes what was only counted so far (the shutdown flush).
    await t.app.close()
    const rows = apiRows(t).slice(entriesBefore)
    expect(rows.length).toBeLessThanOrEqual(300)
    expect(usedBytes(t) - before).toBeLessThan(2 * 1024 * 1024)
    // Nothing is lost: individual entries plus the summaries' counts are every request.
    const summaries = rows.filter((r) => r.action === 'refusal.summary')
    const counted = summaries.reduce((n, r) => n + summaryOf(r)!.count, 0)
    expect(counted + rows.length - summaries.length).toBe(result.requests.total)
    // 401 until the credential lockout, then 429: one summary per status, same fingerprint.
    expect(new Set(summaries.map((r) => r.status))).toEqual(new Set([401, 429]))
    expect(new Set(summaries.map((r) => summaryOf(r)!.fingerprint)).size).toBe(1)
    expect(summaries[0]).toMatchObject({ ip: '127.0.0.1', url: '/api/projects', method: 'GET' })
    expect(summaries[0]!.user_agent).toBe('flood/1.0')
    // Summaries are chain entries like any other.
    expect(await t.engine.activityLog.verify()).toMatchObject({ intact: true })
  })

  it('during the flood, a client with a valid token gets every answer recorded one by one', async () => {
    const t = await setup()
    const flooding = flood(`${t.base}/api/projects/`, { authorization: `Token ${FAKE}` })
    const statuses: number[] = []
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${t.base}/api/current-user/whoami`, {
        headers: { authorization: `Token ${t.token}` },
      })
      statuses.push(res.status)
      await res.arrayBuffer()
    }
    const flooded = await flooding
    expect(flooded.requests.total).toBeGreaterThanOrEqual(FLOOD)
    expect(statuses.every((x) => x === 200)).toBe(true)
    const mine = apiRows(t).filter((r) => r.actor_id === t.saId)
    expect(mine).toHaveLength(60)
    expect(mine.every((r) => r.status === 200 && r.action === null)).toBe(true)
  })

  it('a valid token over its rate limit: its served requests one by one, the 429s summarized', async () => {
    const t = await setup({ perToken: 40 })
    const entriesBefore = apiRows(t).length
    const result = await flood(`${t.base}/api/current-user/whoami`, {
      authorization: `Token ${t.token}`,
    })
    expect(result['2xx']).toBe(40)
    await t.app.close()
    const rows = apiRows(t).slice(entriesBefore)
    expect(rows.length).toBeLessThanOrEqual(300)
    expect(rows.filter((r) => r.status === 200)).toHaveLength(40)
    const summaries = rows.filter((r) => r.action === 'refusal.summary')
    expect(summaries).toHaveLength(1)
    // Still the account's: "View Activity Log" on it shows that it was throttled, and how often.
    expect(summaries[0]).toMatchObject({ status: 429, actor_id: t.saId })
    expect(summaryOf(summaries[0]!)!.count).toBe(result.requests.total - 40 - 10)
  })

  it('writes a summary once its minute is over, and each minute starts one-by-one again', async () => {
    const t = await setup()
    const hit = async () => {
      const res = await fetch(`${t.base}/api/projects/`)
      await res.arrayBuffer()
      return res.status
    }
    for (let i = 0; i < 25; i++) expect(await hit()).toBe(401)
    expect(t.engine.activity.pendingRefusals()).toBe(15)
    t.clock.advance(60_000)
    expect(t.engine.activity.flushRefusals()).toBe(1)
    for (let i = 0; i < 3; i++) await hit()
    const rows = apiRows(t).filter((r) => r.status === 401)
    expect(rows).toHaveLength(10 + 1 + 3)
    const summary = rows.find((r) => r.action === 'refusal.summary')!
    expect(summaryOf(summary)).toMatchObject({ count: 15, fingerprint: 'none' })
  })

  it('a revoked token retried: still summarized per key, and every entry names its account and token', async () => {
    const t = await setup()
    const tokenId = t.engine.serviceAccounts.get(t.owner, t.saId).token!.id
    t.engine.serviceAccounts.resetToken(t.owner, t.saId)
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${t.base}/api/projects/`, {
        headers: { authorization: `Token ${t.token}` },
      })
      expect(res.status).toBe(401)
      await res.arrayBuffer()
    }
    t.engine.activity.flushRefusals(true)
    const rows = apiRows(t).filter((r) => r.status === 401)
    expect(rows).toHaveLength(10 + 1)
    expect(rows.every((r) => r.actor_id === t.saId && r.token_id === tokenId)).toBe(true)
    const summary = rows.find((r) => r.action === 'refusal.summary')!
    expect(summaryOf(summary)!.count).toBe(15)
  })

  it('varying the token cannot buy one entry per request', async () => {
    const t = await setup()
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${t.base}/api/projects/`, {
        headers: { authorization: `Token tsa_${String(i).padStart(36, '0')}` },
      })
      await res.arrayBuffer()
    }
    t.engine.activity.flushRefusals(true)
    const rows = apiRows(t)
    // 8 keys of this address get 10 each; every later token is folded into one summary.
    expect(rows.length).toBeLessThanOrEqual(8 * 11 + 2)
    const folded = rows.find((r) => summaryOf(r)?.fingerprint === 'various')
    expect(summaryOf(folded!)!.count).toBeGreaterThan(100)
  })
})
