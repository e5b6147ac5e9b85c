import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { restoreDatabase } from '../../../src/main/engine/security/backup.service'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import { makeEngine, type TestEngine } from '../../support/engine'

const dirs: string[] = []
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-backup-'))
  dirs.push(d)
  return d
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

/** Backs up as the desktop app does: the path comes from its save dialog, never the page. */
async function desktopBackup(t: TestEngine, path: string) {
  const r = await createDispatcher({ log: () => {} })(
    'backup:create',
    {},
    {
      engine: t.engine,
      actor: t.owner,
      chooseSavePath: async () => path,
    },
  )
  if (!r.ok) throw new Error(`backup failed: ${r.error.message}`)
  return r.value as { cancelled: false; path: string; bytes: number; ms: number }
}

const count = (path: string, table: string) => {
  const db = new Database(path, { readonly: true })
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('backup and restore', () => {
  it('backs up a consistent copy while requests keep being recorded', async () => {
    const dir = scratch()
    const t = makeEngine(join(dir, 'live.db'))
    const seedAll = t.db.transaction(() => {
      for (let i = 0; i < 20000; i++) {
        t.engine.activity.api({
          organization_id: 1,
          actor_id: null,
          actor_email: null,
          token_id: null,
          ip: '127.0.0.1',
          user_agent: 'seed',
          method: 'GET',
          url: `/api/projects/?page=${i}`,
          status: 200,
          duration_ms: 1,
          project_id: null,
          workspace_id: null,
          details: null,
        })
      }
    })
    seedAll()
    let writing = true
    let written = 0
    const writer = (async () => {
      while (writing) {
        t.engine.activity.api({
          organization_id: 1,
          actor_id: null,
          actor_email: null,
          token_id: null,
          ip: '127.0.0.1',
          user_agent: 'during',
          method: 'GET',
          url: '/health',
          status: 200,
          duration_ms: 1,
          project_id: null,
          workspace_id: null,
          details: null,
        })
        written++
        await new Promise((r) => setImmediate(r))
      }
    })()
    const result = await desktopBackup(t, join(dir, 'copy.db'))
    writing = false
    await writer
    expect(result.bytes).toBeGreaterThan(0)
    const copied = count(result.path, 'activity_entries')
    // The copy holds every seeded entry, and the chain in it is unbroken (ids contiguous).
    expect(copied).toBeGreaterThanOrEqual(20000)
    const db = new Database(result.path, { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const { max } = db.prepare('SELECT max(id) AS max FROM activity_entries').get() as {
      max: number
    }
    expect(max).toBe(copied)
    db.close()
    expect(written).toBeGreaterThan(0)
    // The backup itself is recorded as an admin action.
    const last = t.db
      .prepare("SELECT action FROM activity_entries WHERE kind = 'admin' ORDER BY id DESC LIMIT 1")
      .get() as { action: string }
    expect(last.action).toBe('database.backup')
  })

  it('takes no path from its caller: the desktop dialog or the server chooses', async () => {
    const t = makeEngine()
    const r = await t.call('backup:create', { path: '/tmp/anywhere.db' } as never)
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('restores a verified backup and keeps the replaced file beside it', async () => {
    const dir = scratch()
    const live = join(dir, 'tessera.db')
    const t = makeEngine(live)
    await t.value('workspaces:create', { title: 'Before backup' })
    await t.engine.backup.backupTo(t.owner, join(dir, 'b.db'))
    await t.value('workspaces:create', { title: 'After backup' })
    t.db.close()
    const { keptAs } = restoreDatabase(join(dir, 'b.db'), live)
    expect(keptAs).toBe(`${live}.before-restore`)
    const reopened = openDatabase(live)
    const titles = reopened.prepare('SELECT title FROM workspaces ORDER BY id').pluck().all()
    expect(titles).toEqual(['Before backup'])
    reopened.close()
    expect(count(keptAs!, 'workspaces')).toBe(2)
  })

  it('refuses to restore a damaged or foreign file and changes nothing', async () => {
    const dir = scratch()
    const live = join(dir, 'tessera.db')
    const t = makeEngine(live)
    await t.value('workspaces:create', { title: 'Keep me' })
    t.db.close()
    const garbage = join(dir, 'garbage.db')
    writeFileSync(garbage, Buffer.alloc(8192, 7))
    expect(() => restoreDatabase(garbage, live)).toThrow(/Cannot read|not a Tessera|damaged/)
    const foreign = join(dir, 'foreign.db')
    new Database(foreign).exec('CREATE TABLE x (a)').close()
    expect(() => restoreDatabase(foreign, live)).toThrow(/not a Tessera database/)
    expect(count(live, 'workspaces')).toBe(1)
  })
})

describe('a damaged database at start-up', () => {
  it('is reported with the restore command instead of a crash, and left untouched', async () => {
    const { DatabaseDamagedError } = await import('../../../src/main/db/damaged')
    const dir = scratch()
    const notADb = join(dir, 'tessera.db')
    writeFileSync(notADb, Buffer.alloc(8192, 7))
    expect(() => openDatabase(notADb)).toThrow(DatabaseDamagedError)
    expect(() => openDatabase(notADb)).toThrow(
      /Restore it from a backup: tessera restore --from BACKUP_FILE/,
    )

    // A real database with a page overwritten in the middle: caught by the start-up check.
    const real = join(dir, 'real.db')
    const t = makeEngine(real)
    for (let i = 0; i < 300; i++)
      await t.value('workspaces:create', { title: `w${i} ${'x'.repeat(180)}` })
    t.db.pragma('wal_checkpoint(TRUNCATE)')
    t.db.close()
    const { openSync, writeSync, closeSync } = await import('node:fs')
    const fd = openSync(real, 'r+')
    writeSync(fd, Buffer.alloc(4096, 0xff), 0, 4096, 4096 * 3)
    closeSync(fd)
    const before = readFileSync(real)
    expect(() => openDatabase(real)).toThrow(DatabaseDamagedError)
    expect(readFileSync(real).equals(before)).toBe(true)
  })
})
