import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { GENESIS_HASH, entryHash } from '../../../src/main/engine/activity/chain'

const dir = mkdtempSync(join(tmpdir(), 'tessera-2proc-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function runWriter(path: string, count: number, label: string) {
  return new Promise<{ label: string; entries: number; workspaces: number }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'writer-child.ts'), path, String(count), label],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${label} exited ${code}: ${err}`)),
    )
  })
}

describe('two processes on one database file (desktop app and serve)', () => {
  it('both write concurrently: nothing lost, the hash chain stays one unbroken line', async () => {
    const path = join(dir, 'shared.db')
    openDatabase(path).close() // create and migrate once, as the first process to start would
    const N = 1500
    const results = await Promise.all([runWriter(path, N, 'desktop'), runWriter(path, N, 'serve')])

    const db = openDatabase(path)
    const rows = db
      .prepare<
        [],
        ActivityRow
      >("SELECT * FROM activity_entries WHERE kind = 'api' OR kind = 'admin' ORDER BY id")
      .all()
    const api = rows.filter((r) => r.kind === 'api')
    expect(api.filter((r) => r.user_agent === 'desktop')).toHaveLength(N)
    expect(api.filter((r) => r.user_agent === 'serve')).toHaveLength(N)
    const workspaces = db.prepare('SELECT count(*) FROM workspaces').pluck().get()
    expect(workspaces).toBe(results[0].workspaces + results[1].workspaces)
    // One organization, not two: the second process found the first one's.
    expect(db.prepare('SELECT count(*) FROM organizations').pluck().get()).toBe(1)

    let prev: Buffer = GENESIS_HASH
    rows.forEach((row, i) => {
      expect(row.id).toBe(i + 1)
      expect(row.prev_hash.equals(prev)).toBe(true)
      expect(entryHash(row).equals(row.hash)).toBe(true)
      prev = row.hash
    })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  }, 120_000)
})
