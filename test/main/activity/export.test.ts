import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { stringify } from 'csv-stringify/sync'
import { csvLine } from '../../../src/main/engine/activity/export'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import type { ActivityFilter } from '../../../src/shared/contracts/activity.contract'
import { T0 } from '../../support/engine'
import { MIN, SA1, api, fixture } from './fixture'

/** A small RFC 4180 reader, enough to check what csv-stringify wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  return rows
}

function collect(): { out: PassThrough; text: () => string } {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  return { out, text: () => Buffer.concat(chunks).toString('utf8') }
}

function tricky() {
  const t = fixture()
  api(t, { ts: T0 + 20 * MIN, url: '/api/tasks/?q=a,b', user_agent: 'he said "hi"\nthen left' })
  api(t, { ts: T0 + 21 * MIN, url: '/api/projects/?title=日本語 ✓', user_agent: 'ünï, "ç"' })
  return t
}

describe('CSV quoting', () => {
  it('writes every field exactly as csv-stringify would', () => {
    const nasty = [
      'plain',
      'a,b',
      'say "hi"',
      'two\nlines',
      'cr\rlf\r\n',
      '"',
      ',',
      '',
      '日本語 ✓ ünï',
      ' lead',
      'tab\t',
    ]
    const row = [...nasty, 42, 1.5, null]
    expect(csvLine(row)).toBe(stringify([row]))
  })
})

describe('export', () => {
  for (const filter of [
    {},
    { userId: SA1 },
    { search: 'projects OR tasks', statusClass: 2 },
  ] as ActivityFilter[]) {
    it(`CSV equals the filtered query ${JSON.stringify(filter)}, with correct quoting`, async () => {
      const t = tricky()
      const { out, text } = collect()
      const n = await t.engine.activityLog.exportActivity(t.owner, filter, 'csv', out)
      const rows = parseCsv(text())
      const expected = (await t.value('activity:list', { filter, limit: 500 })).entries
      expect(n).toBe(expected.length)
      expect(rows[0]).toEqual(expect.arrayContaining(['id', 'time', 'url', 'user_agent', 'hash']))
      const header = rows[0]!
      const col = (r: string[], name: string) => r[header.indexOf(name)]
      expect(rows.slice(1).map((r) => Number(col(r, 'id')))).toEqual(expected.map((e) => e.id))
      for (const [i, e] of expected.entries()) {
        expect(col(rows[i + 1]!, 'url')).toBe(e.url ?? '')
        expect(col(rows[i + 1]!, 'user_agent')).toBe(e.userAgent ?? '')
        expect(col(rows[i + 1]!, 'time')).toBe(new Date(e.ts).toISOString())
      }
    })
  }

  it('JSON equals the filtered query', async () => {
    const t = tricky()
    const { out, text } = collect()
    await t.engine.activityLog.exportActivity(t.owner, { kind: 'api' }, 'json', out)
    const parsed = JSON.parse(text()) as { id: number; url: string; user_agent: string }[]
    const expected = (await t.value('activity:list', { filter: { kind: 'api' }, limit: 500 }))
      .entries
    expect(parsed.map((r) => r.id)).toEqual(expected.map((e) => e.id))
    expect(parsed[0]).toMatchObject({
      url: '/api/projects/?title=日本語 ✓',
      user_agent: 'ünï, "ç"',
    })
    const empty = collect()
    await t.engine.activityLog.exportActivity(t.owner, { projectId: 99 }, 'json', empty.out)
    expect(JSON.parse(empty.text())).toEqual([])
  })

  it('reports progress, waits for a slow writer and stops on cancel', async () => {
    const t = fixture()
    for (let i = 0; i < 4500; i++) api(t, { ts: T0 + (30 + i) * MIN })
    const progress: number[] = []
    let written = 0
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        written += chunk.length
        setTimeout(done, 1)
      },
    })
    const n = await t.engine.activityLog.exportActivity(t.owner, {}, 'csv', slow, {
      onProgress: (rows) => progress.push(rows),
    })
    expect(n).toBe(4511)
    expect(progress).toEqual([2000, 4000, 4511])
    expect(written).toBeGreaterThan(4511 * 50)

    const controller = new AbortController()
    const sink = collect()
    const run = t.engine.activityLog.exportActivity(t.owner, {}, 'csv', sink.out, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    })
    await expect(run).rejects.toThrow(/abort/i)
  })

  it('exports to the file the desktop dialog chose, and tracks progress', async () => {
    const t = fixture()
    const dir = mkdtempSync(join(os.tmpdir(), 'tessera-export-'))
    const path = join(dir, 'log.csv')
    const r = await createDispatcher({ log: () => {} })(
      'activity:export',
      { filter: { userId: SA1 }, format: 'csv', exportId: 'x1' },
      { engine: t.engine, actor: t.owner, chooseSavePath: async () => path },
    )
    expect(r).toEqual({ ok: true, value: { rows: 5, path, cancelled: false } })
    expect(parseCsv(readFileSync(path, 'utf8'))).toHaveLength(6)
    expect(await t.value('activity:exportProgress', { exportId: 'x1' })).toEqual({
      rows: 5,
      done: true,
      cancelled: false,
      error: null,
    })
    // Without the dialog's confirmation an existing file is never replaced.
    writeFileSync(join(dir, 'taken.json'), 'keep me')
    await expect(
      t.engine.activityLog.exportToFile(t.owner, {}, 'json', join(dir, 'taken.json')),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(readFileSync(join(dir, 'taken.json'), 'utf8')).toBe('keep me')
    // A cancelled export leaves the file it was to replace as it was, and nothing beside it.
    const cancelled = t.engine.activityLog.exportToFile(
      t.owner,
      {},
      'json',
      join(dir, 'taken.json'),
      { exportId: 'x2', overwrite: true },
    )
    t.engine.activityLog.cancelExport('x2')
    expect(await cancelled).toMatchObject({ cancelled: true, path: null })
    expect(readFileSync(join(dir, 'taken.json'), 'utf8')).toBe('keep me')
    expect(readdirSync(dir).sort()).toEqual(['log.csv', 'taken.json'])
    // No caller names the file.
    const typed = await t.call('activity:export', { format: 'csv', path } as never)
    expect(typed).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
