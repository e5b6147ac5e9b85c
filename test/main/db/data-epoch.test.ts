import { describe, expect, it } from 'vitest'
import { watchDataEpoch } from '../../../src/main/db/data-epoch'
import { makeEngine } from '../../support/engine'

describe('data epoch (what cached token checks and answers are keyed by)', () => {
  it('watches every table that access or an answer is built from, and not the log', () => {
    const { engine } = makeEngine()
    const watched = engine.epoch.tables
    for (const table of [
      'api_tokens',
      'memberships',
      'organizations',
      'project_members',
      'projects',
      'service_accounts',
      'tasks',
      'users',
      'workspace_members',
      'workspaces',
    ])
      expect(watched).toContain(table)
    expect(watched).not.toContain('activity_entries')
    expect(watched.some((t) => t.startsWith('perf_'))).toBe(false)
  })

  it('moves on with an admin change, not with the log or a token being used', async () => {
    const { engine, owner, value } = makeEngine()
    const { account, token } = engine.serviceAccounts.create(owner, { name: 'bot', role: 'AD' })
    const before = engine.epoch.current()
    expect(engine.epoch.current()).toBe(before)

    const verified = engine.tokens.verify(token)
    if (!verified.ok) throw new Error('token refused')
    engine.tokens.touch(verified.principal.tokenId, '127.0.0.1', 'sdk')
    await engine.activity.apiBatched({
      organization_id: owner.organizationId,
      actor_id: account.userId,
      actor_email: null,
      token_id: verified.principal.tokenId,
      ip: '127.0.0.1',
      user_agent: 'sdk',
      method: 'GET',
      url: '/api/projects/',
      status: 200,
      duration_ms: 1,
      project_id: null,
      workspace_id: null,
      details: null,
    })
    expect(engine.epoch.current()).toBe(before)

    await value('serviceAccounts:changeRole', { userId: account.userId, role: 'AD' })
    expect(engine.epoch.current()).toBe(before) // nothing changed: no write, same epoch
    engine.serviceAccounts.resetToken(owner, account.userId)
    expect(engine.epoch.current()).not.toBe(before)
  })

  it('one watcher per connection, so a second engine cannot steal the triggers', () => {
    const { engine, db } = makeEngine()
    expect(watchDataEpoch(db)).toBe(engine.epoch)
  })
})
