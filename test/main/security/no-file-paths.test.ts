// No operation a browser (or the desktop renderer) can call takes a file path. In serve mode
// files are downloads: the activity export, the performance report and the credential report
// come back to the browser, and a backup is streamed from a private file the server makes and
// deletes. Tested over real HTTP with a signed-in admin session.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApiServer } from '../../../src/main/api/server'
import { registerAdminHttp } from '../../../src/main/rpc/http'
import { contracts } from '../../../src/shared/contracts'
import { isFilePathKey } from '../../../src/shared/file-paths'
import { makeEngine, type TestEngine } from '../../support/engine'
import { OWNER_EMAIL, OWNER_PASSWORD, fakeRendererDir } from '../auth/harness'

let app: FastifyInstance | null = null
const dirs: string[] = []
afterEach(async () => {
  await app?.close()
  app = null
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
})
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-paths-'))
  dirs.push(d)
  return d
}

interface Served extends TestEngine {
  base: string
  dataDir: string
  /** The signed-in browser's headers. */
  browser: Record<string, string>
}

/** serve mode on a database file: the API and the admin UI, an Owner signed in. */
async function serve(): Promise<Served> {
  const dataDir = scratch()
  const t = makeEngine(join(dataDir, 'tessera.db'))
  await t.engine.auth.setup({ email: OWNER_EMAIL, password: OWNER_PASSWORD, name: 'Olga Owner' })
  app = buildApiServer({ engine: t.engine, log: () => {} })
  registerAdminHttp(app, { engine: t.engine, rendererDir: fakeRendererDir() })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
  })
  expect(login.status).toBe(200)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
  const csrf = ((await login.json()) as { value: { csrfToken: string } }).value.csrfToken
  return { ...t, base, dataDir, browser: { cookie, 'x-csrf-token': csrf } }
}

const rpc = async (s: Served, channel: string, input: unknown) => {
  const res = await fetch(`${s.base}/rpc/${channel}`, {
    method: 'POST',
    headers: { ...s.browser, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const query = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 10) }

describe('serve mode takes no file path from a browser', () => {
  it.each([
    ['performance:export', (path: string) => ({ query, format: 'csv', path })],
    ['backup:create', (path: string) => ({ path })],
    ['activity:export', (path: string) => ({ format: 'json', path })],
    ['security:credentialReport', (path: string) => ({ path })],
    [
      'performance:export',
      (filePath: string) => ({ query: { ...query, filePath }, format: 'csv' }),
    ],
  ])('%s with a path is refused and the file is untouched', async (channel, input) => {
    const s = await serve()
    const victim = join(scratch(), 'important.txt')
    writeFileSync(victim, 'do not touch')
    const before = statSync(victim)
    const r = await rpc(s, channel, input(victim))
    expect(r.status).toBe(403)
    expect(r.body).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/never takes a file path/) },
    })
    expect(readFileSync(victim, 'utf8')).toBe('do not touch')
    expect(statSync(victim).mtimeMs).toBe(before.mtimeMs)
    expect(readdirSync(join(victim, '..'))).toEqual(['important.txt'])
  })

  it('gives the reports to the browser to download, and refuses a backup over RPC', async () => {
    const s = await serve()
    const perf = await rpc(s, 'performance:export', { query, format: 'csv' })
    expect(perf.body).toMatchObject({ ok: true, value: { path: null, cancelled: false } })
    expect((perf.body.value as { text: string }).text).toMatch(/^Member,/m)
    const report = await rpc(s, 'security:credentialReport', {})
    expect(report.body).toMatchObject({ ok: true, value: { path: null, cancelled: false } })
    const backup = await rpc(s, 'backup:create', {})
    expect(backup.body).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/Download backup/) },
    })
    const activity = await fetch(`${s.base}/rpc/activity/export?format=json`, {
      headers: s.browser,
    })
    expect(activity.status).toBe(200)
    expect(activity.headers.get('content-disposition')).toMatch(/^attachment; filename=/)
    expect(Array.isArray(await activity.json())).toBe(true)
  })

  it('streams a backup that opens as the database, and leaves nothing in the data folder', async () => {
    const s = await serve()
    await s.value('workspaces:create', { title: 'In the backup' })
    const before = readdirSync(s.dataDir).sort()
    expect((await fetch(`${s.base}/rpc/backup/download`)).status).toBe(401)
    const res = await fetch(`${s.base}/rpc/backup/download`, { headers: s.browser })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.sqlite3')
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="tessera-backup-2026-01-15.db"',
    )
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0')
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length)
    const copy = join(scratch(), 'downloaded.db')
    writeFileSync(copy, bytes)
    const db = new Database(copy, { readonly: true })
    expect(db.prepare('SELECT title FROM organizations').pluck().all()).toEqual(['Acme Labeling'])
    expect(db.prepare('SELECT title FROM workspaces').pluck().all()).toEqual(['In the backup'])
    db.close()
    // The temporary backup is gone once streamed: the data folder is as it was.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(readdirSync(s.dataDir).sort()).toEqual(before)
    const last = s.db
      .prepare("SELECT action, details FROM activity_entries WHERE kind = 'admin' ORDER BY id DESC")
      .get() as { action: string; details: string }
    expect(last.action).toBe('database.backup')
    expect(JSON.parse(last.details)).toMatchObject({ download: true, bytes: bytes.length })
  })
})

/** Every property name anywhere in a JSON Schema. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => propertyNames(s, into))
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object') {
        Object.keys(value).forEach((k) => into.add(k))
      }
      propertyNames(value, into)
    }
  }
  return into
}

describe('the contracts', () => {
  it('have no input that names a file or folder', () => {
    const offending = Object.entries(contracts).flatMap(([channel, c]) =>
      [...propertyNames(z.toJSONSchema(c.input, { io: 'input', unrepresentable: 'any' }))]
        .filter(isFilePathKey)
        .map((key) => `${channel}.${key}`),
    )
    expect(offending).toEqual([])
  })
})
