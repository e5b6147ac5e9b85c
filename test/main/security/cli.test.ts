import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../../src/main/cli/index'

let dir: string
let db: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-cli-sec-'))
  db = join(dir, 'tessera.db')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `tessera --db <db> ...args` in-process; returns exit code and captured output. */
async function tessera(...args: string[]) {
  let out = ''
  let err = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true))
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true))
  try {
    const code = await main(['node', 'tessera', '--db', db, ...args])
    return { code, out, err }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}

async function newToken() {
  await tessera('workspaces', 'create', '--title', 'Docs')
  const r = await tessera(
    'service-accounts',
    'create',
    '--name',
    'scanner',
    '--role',
    'AN',
    '--workspace',
    '1',
  )
  expect(r.code).toBe(0)
  return r.out.trim()
}

describe('tessera tokens scan / backup / restore / check / report', () => {
  it('tokens scan finds a live token, names the account and exits non-zero', async () => {
    const token = await newToken()
    const file = join(dir, 'app.env')
    writeFileSync(file, `A=1\nTESSERA_TOKEN=${token}\n`)
    const r = await tessera('tokens', 'scan', file)
    expect(r.code).toBe(1)
    expect(r.out).toContain(`${file}:2`)
    expect(r.out).toContain('scanner')
    expect(r.out).toContain('live')
    expect(r.out).not.toContain(token)
    expect(r.err).toMatch(
      /1 live token found; reset with: tessera service-accounts reset-token \d+/,
    )

    await tessera('service-accounts', 'reset-token', 'scanner')
    const after = await tessera('tokens', 'scan', '--json', file)
    expect(after.code).toBe(0)
    expect(JSON.parse(after.out)[0]).toMatchObject({ status: 'revoked', account: 'scanner' })
  })

  it('backup, then restore with --yes brings the old state back; without --yes nothing changes', async () => {
    await tessera('workspaces', 'create', '--title', 'Kept')
    const backup = join(dir, 'b.db')
    const b = await tessera('backup', '--to', backup)
    expect(b.code).toBe(0)
    expect(b.out).toMatch(/backed up to .*b\.db/)
    // A second backup to the same file is refused; the first stays.
    const size = statSync(backup).size
    const again = await tessera('backup', '--to', backup)
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/already exists/)
    expect(statSync(backup).size).toBe(size)
    await tessera('workspaces', 'create', '--title', 'Later')

    const refused = await tessera('restore', '--from', backup)
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('--yes')
    expect((await tessera('workspaces', 'list', '--json')).out).toContain('Later')

    const ok = await tessera('restore', '--from', backup, '--yes')
    expect(ok.code).toBe(0)
    expect(existsSync(`${db}.before-restore`)).toBe(true)
    const list = JSON.parse((await tessera('workspaces', 'list', '--json')).out) as {
      title: string
    }[]
    expect(list.map((w) => w.title)).toEqual(['Kept'])
  })

  it('restore refuses a file that is not a Tessera database', async () => {
    await tessera('workspaces', 'create', '--title', 'Mine')
    const junk = join(dir, 'junk.db')
    writeFileSync(junk, 'not sqlite at all'.repeat(100))
    const r = await tessera('restore', '--from', junk, '--yes')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^tessera: /)
    expect((await tessera('workspaces', 'list', '--json')).out).toContain('Mine')
  })

  it('check reports the database and the activity chain intact', async () => {
    await newToken()
    const r = await tessera('check')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/database .*: ok/)
    expect(r.out).toMatch(/activity log: intact \(\d+ entries checked\)/)
  })

  it('report credentials prints the audit CSV without any token', async () => {
    const token = await newToken()
    const r = await tessera('report', 'credentials')
    expect(r.code).toBe(0)
    expect(r.out.split('\n')[0]).toMatch(/^name,user_id,role,status,workspaces/)
    expect(r.out).toContain('scanner,')
    expect(r.out).not.toContain(token)
  })
})
