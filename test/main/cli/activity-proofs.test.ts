import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installationKeys } from '../../../src/main/core/log-key-file'
import { openDatabase } from '../../../src/main/db/open'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { entryHash } from '../../../src/main/engine/activity/chain'
import { defaultDeps } from '../../../src/main/engine/deps'
import { createEngine } from '../../../src/main/engine/engine'

const root = resolve(__dirname, '../../..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')
const entry = join(root, 'src', 'main', 'cli', 'index.ts')

let dir: string
let db: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-cli-proofs-'))
  db = join(dir, 'log.db')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function cli(dbPath: string, ...args: string[]) {
  const r = spawnSync(tsx, [entry, '--db', dbPath, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Entries written by the engine as serve would, with the key file beside the database. */
function record(path: string, n: number) {
  const conn = openDatabase(path)
  try {
    const deps = defaultDeps(conn)
    const engine = createEngine({ ...deps, logKeys: installationKeys(conn, path, deps) })
    const owner = engine.organization.ensure()
    for (let i = 0; i < n; i++)
      engine.activity.api({
        organization_id: owner.organizationId,
        actor_id: owner.userId,
        actor_email: 'owner@localhost',
        token_id: null,
        ip: '127.0.0.1',
        user_agent: 'curl/8',
        method: 'GET',
        url: `/api/projects/?page=${i}`,
        status: 200,
        duration_ms: 2,
        project_id: null,
        workspace_id: null,
        details: null,
      })
  } finally {
    conn.close()
  }
}

describe('tessera check and activity commands', () => {
  it('check reports by id an entry rewritten with its SHA-256 chain recomputed', () => {
    const path = join(dir, 'tampered.db')
    record(path, 300)
    expect(cli(path, 'check')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/keyed HMAC-SHA-256 chain, verified/),
    })
    const conn = openDatabase(path)
    conn
      .prepare(
        "UPDATE activity_entries SET url = '/api/nothing-happened-here', ip = '203.0.113.7' WHERE id = 101",
      )
      .run()
    let prev = (
      conn.prepare('SELECT prev_hash FROM activity_entries WHERE id = 101').get() as ActivityRow
    ).prev_hash
    const update = conn.prepare('UPDATE activity_entries SET prev_hash = ?, hash = ? WHERE id = ?')
    for (const r of conn
      .prepare('SELECT * FROM activity_entries WHERE id >= 101 ORDER BY id')
      .all() as ActivityRow[]) {
      const hash = entryHash({ ...r, prev_hash: prev })
      update.run(prev, hash, r.id)
      prev = hash
    }
    conn.close()
    const r = cli(path, 'check')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/activity log: Entry 101 was changed after it was written/)
    expect(r.stdout).not.toMatch(/intact/)
  })

  it('proves an entry, and the proof checks with the public key alone', () => {
    record(db, 40)
    const out = join(dir, 'proof.json')
    expect(cli(db, 'activity', 'prove', '20', '--out', out).code).toBe(0)
    const key = cli(db, 'activity', 'key', 'show').stdout.match(/verifier key: (\S+)/)![1]!
    // Another (empty) database: nothing but the key and the file are needed.
    const r = cli(join(dir, 'elsewhere.db'), 'activity', 'verify-proof', out, '--key', key)
    expect(r).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^proof verified: Entry 20 is entry \d+ of the log/),
    })
    expect(cli(db, 'activity', 'checkpoint').stdout).toMatch(
      /^# checkpoint \d+\ntessera\.local\/activity\/[0-9a-f]{16}\n\d+\n/,
    )
  })

  it('a backup restored elsewhere asks for the log key, and without it check never says intact', () => {
    const backup = join(dir, 'backup.db')
    const exported = join(dir, 'exported.key')
    expect(cli(db, 'backup', '--to', backup).code).toBe(0)
    expect(cli(db, 'activity', 'key', 'export', '--to', exported).code).toBe(0)

    const other = join(dir, 'other-machine.db')
    const refused = cli(other, 'restore', '--from', backup, '--yes')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/not on this machine.*--log-key FILE/)

    expect(cli(other, 'restore', '--from', backup, '--yes', '--without-log-key').code).toBe(0)
    const unproved = cli(other, 'check')
    expect(unproved.code).toBe(1)
    expect(unproved.stdout).toMatch(/key not here: only ids, links and checkpoints checked/)
    expect(unproved.stderr).toMatch(/Not proved intact/)
    expect(unproved.stdout + unproved.stderr).not.toMatch(/intact \(/)

    const third = join(dir, 'third-machine.db')
    expect(cli(third, 'restore', '--from', backup, '--yes', '--log-key', exported).code).toBe(0)
    expect(cli(third, 'check')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/activity log: intact/),
    })
  })
})
