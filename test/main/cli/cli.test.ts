import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { createRepos } from '../../../src/main/db/repos'
import { defaultDeps } from '../../../src/main/engine/deps'
import { createEngine } from '../../../src/main/engine/engine'
import { CLI_ENTRY, ROOT, TSX, runCli } from '../../support/cli'

const root = ROOT
const tsx = TSX
const entry = CLI_ENTRY

let dir: string
let db: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'))
  db = join(dir, 'cli.db')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the real CLI in a child process. */
const cli = (...args: string[]) => runCli(db, ...args)

/** Every row of every table: "nothing changed" means this is identical. */
function snapshot(): string {
  const conn = openDatabase(db)
  try {
    const tables = conn
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string }[]
    return tables
      .map((t) => JSON.stringify(conn.prepare(`SELECT * FROM "${t.name}"`).all()))
      .join('\n')
  } finally {
    conn.close()
  }
}

function withEngine<T>(fn: (e: ReturnType<typeof createEngine>) => T): T {
  const conn = openDatabase(db)
  try {
    return fn(createEngine(defaultDeps(conn)))
  } finally {
    conn.close()
  }
}

/** The same, without blocking: independent invocations run side by side. */
function cliAsync(...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(tsx, [entry, ...args, '--db', db], { cwd: root })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => (stdout += c))
    child.stderr.on('data', (c) => (stderr += c))
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

const TOKEN_LINE = /^tsa_[0-9A-Za-z]{36}\n$/

// Each run starts a TypeScript child process (a few seconds on a small machine).
describe('tessera CLI', { timeout: 90_000 }, () => {
  it('init creates the database and organization; workspaces and projects can be created', () => {
    const init = cli('init')
    expect(init.code).toBe(0)
    expect(init.stdout.trim()).toBe(db)
    expect(cli('workspaces', 'create', '--title', 'Vision').code).toBe(0)
    const p = cli('projects', 'create', '--title', 'Frames', '--workspace', '1', '--json')
    expect(p.code).toBe(0)
    expect(JSON.parse(p.stdout)).toEqual([{ id: 1, title: 'Frames', workspace: 1 }])
    expect(JSON.parse(cli('workspaces', 'list', '--json').stdout)).toMatchObject([
      { id: 1, title: 'Vision', projects: 1 },
    ])
    expect(JSON.parse(cli('projects', 'list', '--json').stdout)).toMatchObject([
      { id: 1, title: 'Frames' },
    ])
    const members = JSON.parse(cli('members', 'list', '--json').stdout)
    expect(members).toMatchObject([{ role: 'OW', kind: 'human' }])
  })

  it('service-accounts create prints exactly the token, and the token works', () => {
    const r = cli(
      'service-accounts',
      'create',
      '--name',
      'ingest bot',
      '--role',
      'AN',
      '--project',
      '1',
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(TOKEN_LINE)
    const verified = withEngine((e) => e.tokens.verify(r.stdout.trim()))
    expect(verified).toMatchObject({ ok: true, principal: { role: 'AN', kind: 'service' } })
    const list = JSON.parse(cli('service-accounts', 'list', '--json').stdout)
    expect(list).toMatchObject([
      { name: 'ingest bot', role: 'AN', projects: [1], status: 'active' },
    ])
    expect(JSON.stringify(list)).not.toContain(r.stdout.trim())
  })

  it(
    'bad input exits non-zero with one line on stderr and changes nothing',
    { timeout: 120_000 },
    async () => {
      const before = snapshot()
      const bad: string[][] = [
        ['service-accounts', 'create', '--name', 'x', '--role', 'XX', '--project', '1'],
        ['service-accounts', 'create', '--name', 'needs-scope', '--role', 'AN'],
        ['service-accounts', 'create', '--name', 'ghost', '--role', 'AN', '--project', '99'],
        ['service-accounts', 'create', '--name', 'ingest bot', '--role', 'AN', '--project', '1'],
        ['service-accounts', 'create', '--name', 'bad/name', '--role', 'AN', '--project', '1'],
        ['service-accounts', 'create', '--name', 'y', '--role', 'AN', '--project', 'abc'],
        ['service-accounts', 'role', 'nobody', 'RE'],
        ['service-accounts', 'role', 'ingest bot', 'OW'],
        ['service-accounts', 'unassign', 'ingest bot', '--project', '1'],
        ['service-accounts', 'frobnicate'],
        ['projects', 'create', '--title', 'Orphan', '--workspace', '42'],
      ]
      const results = await Promise.all(bad.map((args) => cliAsync(...args)))
      for (const [i, args] of bad.entries()) {
        const r = results[i]!
        expect(r.code, args.join(' ')).not.toBe(0)
        expect(r.stdout, args.join(' ')).toBe('')
        expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      }
      expect(snapshot()).toBe(before)
    },
  )

  it('role, assign, unassign, reset-token, delete and undelete', () => {
    expect(cli('service-accounts', 'assign', 'ingest bot', '--workspace', '1').code).toBe(0)
    const roled = JSON.parse(cli('service-accounts', 'role', 'ingest bot', 'RE', '--json').stdout)
    expect(roled).toMatchObject([{ role: 'RE', workspaces: [1], projects: [1] }])
    expect(
      JSON.parse(
        cli('service-accounts', 'unassign', 'ingest bot', '--project', '1', '--json').stdout,
      ),
    ).toMatchObject([{ workspaces: [1], projects: [] }])
    const old = withEngine((e) => e.serviceAccounts.list(e.organization.ensure())[0]!.token!.id)
    const reset = cli('service-accounts', 'reset-token', 'ingest bot')
    expect(reset.stdout).toMatch(TOKEN_LINE)
    const conn = openDatabase(db)
    expect(createRepos(conn).apiTokens.get(old)!.revoked_at).not.toBeNull()
    conn.close()
    withEngine((e) => expect(e.tokens.verify(reset.stdout.trim()).ok).toBe(true))
    expect(cli('service-accounts', 'delete', 'ingest bot').code).toBe(0)
    withEngine((e) => expect(e.tokens.verify(reset.stdout.trim())).toMatchObject({ ok: false }))
    const undeleted = cli('service-accounts', 'undelete', 'ingest bot')
    expect(undeleted.stdout).toMatch(TOKEN_LINE)
  })

  it('runs under plain Node without ever loading electron', () => {
    const hook = join(dir, 'no-electron.cjs')
    writeFileSync(
      hook,
      `const Module = require('module'); const load = Module._load;
       Module._load = function (request, ...rest) {
         if (request === 'electron') throw new Error('electron was imported');
         return load.call(this, request, ...rest);
       };`,
    )
    const r = spawnSync(tsx, ['--require', hook, entry, 'members', 'list', '--json', '--db', db], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.stderr).not.toContain('electron')
    expect(r.status).toBe(0)
  })
})
