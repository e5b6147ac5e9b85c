import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { runCli } from '../../support/cli'

let dir: string
let db: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-team-cli-'))
  db = join(dir, 'cli.db')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the real CLI in a child process. */
const cli = (...args: string[]) => runCli(db, ...args)

describe('tessera team', { timeout: 120_000 }, () => {
  it('invites with a link printed alone on stdout, lists, resets and signs out', () => {
    const invited = cli(
      'team',
      'invite',
      '--email',
      'ada@acme.test',
      '--first-name',
      'Ada',
      '--url',
      'https://tessera.example.org/',
    )
    expect(invited.code, invited.stderr).toBe(0)
    const link = invited.stdout.trim()
    expect(link).toMatch(/^https:\/\/tessera\.example\.org\/#\/invitation\/[A-Za-z0-9_-]{43}$/)
    expect(invited.stderr).toMatch(/works once, until/)
    const conn = openDatabase(db)
    const hash = conn.prepare('SELECT token_hash FROM admin_invitations').pluck().get() as Buffer
    conn.close()
    expect(hash).toEqual(createHash('sha256').update(link.split('/').pop()!).digest())

    const list = JSON.parse(cli('team', 'list', '--json').stdout) as {
      email: string
      signIn: string
    }[]
    expect(list.find((m) => m.email === 'ada@acme.test')?.signIn).toBe('invited')

    const reset = cli('team', 'reset', '--user', 'ADA@acme.test')
    expect(reset.code, reset.stderr).toBe(0)
    expect(reset.stdout.trim()).toMatch(/^\/#\/invitation\/[A-Za-z0-9_-]{43}$/)
    expect(reset.stdout.trim()).not.toBe(link.replace('https://tessera.example.org', ''))

    expect(cli('team', 'sign-out', '--user', 'ada@acme.test').stderr).toMatch(/0 sessions ended/)
    const unknown = cli('team', 'reset', '--user', 'nobody@acme.test')
    expect(unknown.code).not.toBe(0)
    expect(unknown.stderr).toMatch(/No person nobody@acme.test/)
  })
})
