import { beforeEach, describe, expect, it } from 'vitest'
import { makeEngine, type TestEngine } from '../../support/engine'

// The schema's own guards: whatever code path writes (a bug, a script, a second process), the
// database refuses rows that break the design's rules.
let t: TestEngine
let saId: number
beforeEach(async () => {
  t = makeEngine()
  saId = (await t.value('serviceAccounts:create', { name: 'Bot', role: 'AD' })).account.userId
})

const run =
  (sql: string, ...params: unknown[]) =>
  () =>
    t.db.prepare(sql).run(...params)

describe('schema guards', () => {
  it('refuses a second live account with the same name key in an organization', () => {
    const user = t.repos.users.insert({
      username: 'sa-dup',
      email: 'dup@service-accounts.tessera.local',
      first_name: 'bot',
      last_name: '',
      kind: 'service',
      created_at: 0,
    })
    const insert = run(
      `INSERT INTO service_accounts (user_id, organization_id, name, name_key, created_by, created_at)
       VALUES (?, ?, 'BOT', 'bot', ?, 0)`,
      user,
      t.owner.organizationId,
      t.owner.userId,
    )
    expect(insert).toThrow(/UNIQUE/)
    // Once the first is deleted, the name may be reused (the 30-day reservation is the engine's).
    t.db.prepare('UPDATE service_accounts SET deleted_at = 1 WHERE user_id = ?').run(saId)
    expect(insert).not.toThrow()
  })

  it('never stores a password for a service account', () => {
    expect(run("UPDATE users SET password_hash = 'x' WHERE id = ?", saId)).toThrow(/CHECK/)
    expect(t.repos.users.get(saId)!.password_hash).toBeNull()
  })

  it('keeps token hashes at 32 bytes and roles within the known codes', () => {
    expect(run("UPDATE api_tokens SET hash = X'00' WHERE user_id = ?", saId)).toThrow(/CHECK/)
    expect(run("UPDATE memberships SET role = 'XX' WHERE user_id = ?", saId)).toThrow(/CHECK/)
  })

  it('refuses values of the wrong type (STRICT tables)', () => {
    expect(run("UPDATE organizations SET seat_limit = 'ten'")).toThrow(/cannot store TEXT/)
  })

  it('refuses names longer than 64 characters even past the engine', () => {
    expect(
      run('UPDATE service_accounts SET name = ? WHERE user_id = ?', 'x'.repeat(65), saId),
    ).toThrow(/CHECK/)
  })
})
