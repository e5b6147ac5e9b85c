import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { formatToken } from '../../../src/shared/token-format'
import { makeEngine } from '../../support/engine'

async function setup() {
  const t = makeEngine()
  t.engine.organization.updateSettings(t.owner, {})
  const ws = await t.value('workspaces:create', { title: 'Data' })
  await t.value('quota:request', { count: 3, reason: 'pipelines' })
  const [req] = await t.value('quota:list')
  await t.value('quota:approve', { id: req!.id })
  const live = await t.value('serviceAccounts:create', {
    name: 'ingest',
    role: 'AN',
    workspaceIds: [ws.id],
  })
  const old = await t.value('serviceAccounts:create', { name: 'etl', role: 'AD' })
  const fresh = await t.value('serviceAccounts:resetToken', { userId: old.account.userId })
  return { t, live, old, fresh }
}

describe('leak check', () => {
  it('matches pasted tokens to their accounts by hash and says which are still live', async () => {
    const { t, live, old, fresh } = await setup()
    const text = [
      'config:',
      `  token: ${live.token}`,
      `  previous: "${old.token}"`,
      `curl -H "Authorization: Token ${fresh.token}" …`,
      `again ${live.token}`,
    ].join('\n')
    const findings = await t.value('security:scanTokens', { text })
    expect(findings).toHaveLength(3)
    const byName = Object.fromEntries(findings.map((f) => [f.display, f]))
    expect(byName[`tsa_…${live.token.slice(-4)}`]).toMatchObject({
      status: 'live',
      line: 2,
      occurrences: 2,
      account: { userId: live.account.userId, name: 'ingest', deleted: false },
    })
    expect(byName[`tsa_…${old.token.slice(-4)}`]).toMatchObject({ status: 'revoked', line: 3 })
    expect(byName[`tsa_…${fresh.token.slice(-4)}`]).toMatchObject({ status: 'live', line: 4 })
    // The scanner hands back display forms only, never the secret it was given.
    expect(JSON.stringify(findings)).not.toContain(live.token)
  })

  it('tells a foreign token from a mistyped one, and finds nothing in clean text', async () => {
    const { t, live } = await setup()
    // A well-formed token with a valid checksum that this installation never issued.
    const foreign = { token: formatToken((n) => randomBytes(n)) }
    const mistyped =
      live.token.slice(0, 10) + (live.token[10] === 'a' ? 'b' : 'a') + live.token.slice(11)
    const findings = await t.value('security:scanTokens', { text: `${foreign.token}\n${mistyped}` })
    expect(findings.map((f) => f.status).sort()).toEqual(['bad_checksum', 'not_ours'])
    expect(await t.value('security:scanTokens', { text: 'nothing to see, tsa_short' })).toEqual([])
  })

  it('one-click reset from a finding kills the leaked token', async () => {
    const { t, live } = await setup()
    const [finding] = await t.value('security:scanTokens', { text: live.token })
    await t.value('serviceAccounts:resetToken', { userId: finding!.account!.userId })
    expect(t.engine.tokens.verify(live.token)).toMatchObject({ ok: false, reason: 'revoked' })
    const [after] = await t.value('security:scanTokens', { text: live.token })
    expect(after!.status).toBe('revoked')
  })
})
