import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { makeEngine } from '../../support/engine'

describe('credential report', () => {
  it('lists every service account with role, assignments, token age and last use', async () => {
    const t = makeEngine()
    const ws = await t.value('workspaces:create', { title: 'Images, "hard" ones' })
    const created = await t.value('serviceAccounts:create', {
      name: 'uploader',
      role: 'AN',
      workspaceIds: [ws.id],
    })
    t.clock.advance(3 * 24 * 3600 * 1000 + 1000)
    t.engine.tokens.touch(created.account.token!.id, '127.0.0.1', 'curl/8')
    const { csv, filename } = await t.value('security:credentialReport')
    expect(filename).toMatch(/^tessera-service-accounts-\d{4}-\d{2}-\d{2}\.csv$/)
    const [header, row] = parse(csv) as string[][]
    const record = Object.fromEntries(header!.map((h, i) => [h, row![i]]))
    expect(record).toMatchObject({
      name: 'uploader',
      role: 'Annotator',
      status: 'active',
      workspaces: 'Images, "hard" ones',
      token: created.account.token!.display,
      token_age_days: '3',
      last_used_ip: '127.0.0.1',
      last_used_user_agent: 'curl/8',
      created_by: 'owner@acme.test',
    })
    expect(csv).not.toContain(created.token)
  })

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const t = makeEngine()
    await t.value('workspaces:create', { title: '=HYPERLINK("http://x")' })
    const [ws] = await t.value('workspaces:list')
    await t.value('serviceAccounts:create', { name: 'bot', role: 'AN', workspaceIds: [ws!.id] })
    const { csv } = await t.value('security:credentialReport')
    const [, row] = parse(csv) as string[][]
    expect(row).toContain(`'=HYPERLINK("http://x")`)
  })
})
