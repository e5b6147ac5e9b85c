import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import type { Db } from '../../../src/main/db/open'
import { startWalCheckpointer } from '../../../src/main/db/wal-checkpointer'

const autocheckpoint = (db: Db) => Number(db.pragma('wal_autocheckpoint', { simple: true }))

/** Writes about `mb` MB in many small commits, as an API under load does; returns the rows. */
function write(db: Db, mb: number): number {
  db.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body BLOB)')
  const insert = db.prepare('INSERT INTO filler (body) VALUES (randomblob(4000))')
  const batch = db.transaction(() => {
    for (let i = 0; i < 16; i++) insert.run()
  })
  const batches = Math.ceil((mb * 1024 * 1024) / (16 * 4000))
  for (let i = 0; i < batches; i++) batch()
  return batches * 16
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('WAL checkpoints on a worker thread', () => {
  let dir: string
  let path: string
  let db: Db
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-ckpt-'))
    path = join(dir, 'tessera.db')
    db = new Database(path)
    db.pragma('journal_mode = WAL')
  })
  afterEach(() => {
    if (db.open) db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('no commit checkpoints while the worker is in charge', async () => {
    // Asked only once a minute: nothing moves the WAL during the test but a commit would.
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 60_000 })
    await until(() => checkpointer.offThread)
    expect(autocheckpoint(db)).toBe(0)
    const before = statSync(path).size
    write(db, 8)
    // 8 MB crossed SQLite's 1000-page threshold twice, and no commit copied anything back.
    expect(statSync(path).size).toBe(before)
    await checkpointer.stop()
    expect(autocheckpoint(db)).toBe(1000)
  })

  it('the worker moves the WAL into the database file while commits go on', async () => {
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20 })
    await until(() => checkpointer.offThread)
    const before = statSync(path).size
    const rows = write(db, 8)
    await until(() => statSync(path).size > before + 7 * 1024 * 1024)
    await checkpointer.stop()
    expect(db.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: rows })
  })

  it('stops cleanly: the database closes without a WAL left behind', async () => {
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20 })
    await until(() => checkpointer.offThread)
    const rows = write(db, 1)
    await checkpointer.stop()
    expect(checkpointer.offThread).toBe(false)
    db.close()
    expect(existsSync(`${path}-wal`)).toBe(false)
    const reopened = new Database(path)
    expect(reopened.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: rows })
    reopened.close()
  })

  it('a worker that cannot open the file leaves checkpoints with the connection', async () => {
    const errors: string[] = []
    const checkpointer = startWalCheckpointer(db, join(dir, 'missing.db'), {
      intervalMs: 20,
      log: (m) => errors.push(m),
    })
    await until(() => errors.length > 0)
    expect(errors[0]).toMatch(/checkpoints are back on the main thread/)
    expect(checkpointer.offThread).toBe(false)
    expect(autocheckpoint(db)).toBe(1000)
    await checkpointer.stop()
  })

  it('does nothing for an in-memory database', async () => {
    const memory = new Database(':memory:')
    const checkpointer = startWalCheckpointer(memory, ':memory:')
    expect(checkpointer.offThread).toBe(false)
    await checkpointer.stop()
    memory.close()
  })
})
