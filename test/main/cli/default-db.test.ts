import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { defaultDeps } from '../../../src/main/engine/deps'
import { createEngine } from '../../../src/main/engine/engine'

const root = resolve(__dirname, '../../..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')
const entry = join(root, 'src', 'main', 'cli', 'index.ts')

let home = ''
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tessera-home-'))
})
afterAll(() => rmSync(home, { recursive: true, force: true }))

/** The CLI without --db, in a home folder of its own. */
function cli(...args: string[]) {
  const r = spawnSync(tsx, [entry, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
    },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('the CLI default database', { timeout: 90_000 }, () => {
  const shared = () => join(home, '.config', 'Tessera', 'tessera.db')
  const legacy = () => join(home, '.local', 'share', 'tessera', 'tessera.db')

  it('names the desktop app’s database in its help, without touching anything', () => {
    const r = cli('--help')
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(`(default: ${shared()})`)
    expect(existsSync(join(home, '.config'))).toBe(false)
  })

  it('moves the database an earlier CLI kept in the XDG data folder, once, and says so', () => {
    mkdirSync(join(home, '.local', 'share', 'tessera'), { recursive: true })
    const db = openDatabase(legacy())
    const engine = createEngine(defaultDeps(db))
    engine.workspaces.create(engine.organization.ensure(), {
      title: 'From before',
      description: '',
    })
    db.close()

    const first = cli('init')
    expect(first.code).toBe(0)
    expect(first.stdout.trim()).toBe(shared())
    expect(first.stderr).toContain(`Moved your database from ${legacy()} to ${shared()}`)
    expect(existsSync(legacy())).toBe(false)

    const second = cli('workspaces', 'list', '--json')
    expect(second.code).toBe(0)
    expect(second.stderr).not.toContain('Moved')
    expect(JSON.parse(second.stdout)).toEqual([expect.objectContaining({ title: 'From before' })])
  })
})
