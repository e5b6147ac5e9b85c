import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { defaultDeps } from '../../../src/main/engine/deps'
import { createEngine } from '../../../src/main/engine/engine'
import { runCli } from '../../support/cli'

let dir: string
let db: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-hygiene-cli-'))
  db = join(dir, 'cli.db')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the real CLI in a child process. */
const cli = (...args: string[]) => runCli(db, ...args)

function verify(token: string, source?: string) {
  const conn = openDatabase(db)
  try {
    const v = createEngine(defaultDeps(conn)).tokens.verify(token, source)
    return v.ok ? 'ok' : v.reason
  } finally {
    conn.close()
  }
}

const TOKEN_LINE = /^tsa_[0-9A-Za-z]{36}\n$/

// Each run starts a TypeScript child process (a few seconds on a small machine).
describe('tessera service-accounts: token hygiene', { timeout: 120_000 }, () => {
  it('reset-token --grace keeps the old token until end-grace', () => {
    expect(cli('init').code).toBe(0)
    const created = cli('service-accounts', 'create', '--name', 'etl', '--role', 'AD')
    expect(created.stdout).toMatch(TOKEN_LINE)
    const old = created.stdout.trim()

    const bad = cli('service-accounts', 'reset-token', 'etl', '--grace', '2d')
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('--grace must be one of none, 15m, 1h, 24h')
    expect(verify(old)).toBe('ok')

    const reset = cli('service-accounts', 'reset-token', 'etl', '--grace', '1h')
    expect(reset.code).toBe(0)
    expect(reset.stdout).toMatch(TOKEN_LINE)
    expect(reset.stderr).toMatch(/^previous token tsa_….{4} valid until \d{4}-\d\d-\d\dT/)
    expect(verify(old)).toBe('ok')
    expect(verify(reset.stdout.trim())).toBe('ok')

    const end = cli('service-accounts', 'end-grace', 'etl', '--json')
    expect(end.code).toBe(0)
    expect(JSON.parse(end.stdout)[0]).toMatchObject({ name: 'etl', previous_token: '' })
    expect(verify(old)).toBe('revoked')
    expect(verify(reset.stdout.trim())).toBe('ok')
  })
  it('networks limits the account to its allowlist; --any lifts it', () => {
    // The quota includes one account: the one of the test above, with a fresh token.
    const account = 'etl'
    const token = cli('service-accounts', 'reset-token', account).stdout.trim()
    const bad = cli('service-accounts', 'networks', account, '10.0.0.0/8', 'office')
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('“office” is not an IP address or CIDR range')
    const set = cli(
      'service-accounts',
      'networks',
      account,
      '10.0.0.0/8',
      '2001:db8::/32',
      '--json',
    )
    expect(set.code).toBe(0)
    expect(JSON.parse(set.stdout)[0]).toMatchObject({ networks: '10.0.0.0/8 2001:db8::/32' })
    expect(verify(token, '10.9.9.9')).toBe('ok')
    expect(verify(token, '::ffff:10.9.9.9')).toBe('ok')
    expect(verify(token, '192.0.2.1')).toBe('network')
    expect(cli('service-accounts', 'networks', account, '--any').code).toBe(0)
    expect(verify(token, '192.0.2.1')).toBe('ok')
  })
  it('reset-token --expires sets the new token’s expiry; list shows it', () => {
    const bad = cli('service-accounts', 'reset-token', 'etl', '--expires', 'soon')
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('--expires must be like 30d')
    const before = Date.now()
    expect(cli('service-accounts', 'reset-token', 'etl', '--expires', '3d').code).toBe(0)
    const [row] = JSON.parse(cli('service-accounts', 'list', '--json').stdout)
    const expires = Date.parse(row.expires)
    expect(expires).toBeGreaterThanOrEqual(before + 3 * 86_400_000)
    expect(expires).toBeLessThan(Date.now() + 3 * 86_400_000)
  })
  it('stale previews, stale-rule switches the rule on and off', () => {
    expect(cli('service-accounts', 'stale', '0').stderr).toContain('days must be 1 to 3650')
    // Just created and used: nothing is unused for a day yet.
    expect(JSON.parse(cli('service-accounts', 'stale', '1', '--json').stdout)).toEqual([])
    expect(JSON.parse(cli('service-accounts', 'stale-rule', '--json').stdout)).toEqual([
      { days: 'off', set_by: '' },
    ])
    expect(cli('service-accounts', 'stale-rule', '1').code).toBe(0)
    expect(JSON.parse(cli('service-accounts', 'stale-rule', '--json').stdout)[0]).toMatchObject({
      days: 1,
    })
    expect(cli('service-accounts', 'stale-rule', 'off').code).toBe(0)
    expect(JSON.parse(cli('service-accounts', 'stale-rule', '--json').stdout)[0].days).toBe('off')
  })
  it('explain prints what the token can do, from the same policy (text and JSON)', () => {
    const text = cli('service-accounts', 'explain', 'etl')
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^etl \(Administrator, active\)\nOrganization: administers it/)
    const json = JSON.parse(cli('service-accounts', 'explain', 'etl', '--json').stdout)
    expect(json).toMatchObject({ account: { name: 'etl', role: 'AD' }, organizationAdmin: true })
    expect(cli('service-accounts', 'explain', 'nobody').stderr).toContain('no service account')
  })
})
