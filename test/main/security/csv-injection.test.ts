import { PassThrough } from 'node:stream'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvCell } from '../../../src/main/engine/csv-cell'
import { T0 } from '../../support/engine'
import { api, fixture as activityFixture, MIN } from '../activity/fixture'
import { fixture as performanceFixture } from '../performance/fixtures'

/** Texts a service account or a member can put into a cell that a spreadsheet would run. */
const PAYLOADS = [
  '=HYPERLINK("http://evil.test","x")',
  '+SUM(1,2)',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(1)',
  '\tleading tab',
  '\rleading CR',
  '＝HYPERLINK("http://evil.test")',
]

describe('csvCell', () => {
  it.each(PAYLOADS)('makes %j shown, not run', (payload) => {
    expect(csvCell(payload)).toBe(`'${payload}`)
  })

  it.each(['plain', '', '-3', '+1.5', '-1e3', '--', '42 %', 'a=b', 'mail@acme.test'])(
    'leaves %j as it is',
    (value) => expect(csvCell(value)).toBe(value),
  )
})

describe('every CSV Tessera writes is formula-safe', () => {
  it('activity export: a user agent and a URL chosen by the caller', async () => {
    const t = activityFixture()
    for (const [i, payload] of PAYLOADS.entries()) {
      api(t, { ts: T0 + (30 + i) * MIN, user_agent: payload, url: `/api/projects/?q=${i}` })
    }
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (c: Buffer) => chunks.push(c))
    await t.engine.activityLog.exportActivity(t.owner, { kind: 'api' }, 'csv', out)
    const [header, ...rows] = parse(Buffer.concat(chunks).toString('utf8'), {
      relax_column_count: true,
    }) as string[][]
    const agents = rows.map((r) => r[header!.indexOf('user_agent')]!)
    for (const payload of PAYLOADS) expect(agents).toContain(`'${payload}`)
    expect(agents).toContain('curl/8')
  })

  it('performance export: a member named like a formula', async () => {
    const f = await performanceFixture()
    const { userId } = await f.t.value('members:addPerson', {
      email: 'mallory@acme.test',
      firstName: '=HYPERLINK("http://evil.test"',
      lastName: '"x")',
      role: 'AN',
    })
    const query = { userIds: [userId, f.ann], from: T0, to: T0 + 86_400_000 }
    const { text } = await f.t.value('performance:export', { query, format: 'csv' })
    const cells = (parse(text, { relax_column_count: true }) as string[][]).flat()
    expect(cells.some((c) => c.startsWith("'=HYPERLINK"))).toBe(true)
    expect(cells.some((c) => c.startsWith('=') || c.startsWith('+') || c.startsWith('@'))).toBe(
      false,
    )
    expect(cells).toContain('Ann Lee')
  })
})
