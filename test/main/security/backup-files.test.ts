// Backups never overwrite a file nobody confirmed replacing, never delete a file they did not
// create, and leave nothing beside themselves (no .partial, -wal, -shm or -journal), whether
// they succeed or fail.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeEngine, type TestEngine } from '../../support/engine'

let dir = ''
let out = ''
let t: TestEngine
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-backup-files-'))
  out = join(dir, 'backups')
  mkdirSync(out)
  t = makeEngine(join(dir, 'tessera.db'))
})
afterEach(() => {
  t.close()
  rmSync(dir, { recursive: true, force: true })
})

const posix = process.platform !== 'win32'
const titleIn = (path: string) => {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare('SELECT title FROM organizations').pluck().get()
  } finally {
    db.close()
  }
}

describe('backup files', () => {
  it('makes one private, self-contained file and nothing beside it', async () => {
    const target = join(out, 'b.db')
    const result = await t.engine.backup.backupTo(t.owner, target)
    expect(result.path).toBe(target)
    expect(readdirSync(out)).toEqual(['b.db'])
    if (posix) expect(statSync(target).mode & 0o777).toBe(0o600)
    // Readers of the backup later create no -wal/-shm either: it is not in WAL mode.
    expect(titleIn(target)).toBe('Acme Labeling')
    expect(readdirSync(out)).toEqual(['b.db'])
  })

  it('refuses an existing file and leaves it as it was', async () => {
    const target = join(out, 'b.db')
    writeFileSync(target, 'precious')
    await expect(t.engine.backup.backupTo(t.owner, target)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already exists/),
    })
    expect(readFileSync(target, 'utf8')).toBe('precious')
    expect(readdirSync(out)).toEqual(['b.db'])
  })

  it('never deletes a <file>.partial that was there before', async () => {
    const target = join(out, 'b.db')
    writeFileSync(`${target}.partial`, 'somebody else’s')
    await t.engine.backup.backupTo(t.owner, target)
    expect(readFileSync(`${target}.partial`, 'utf8')).toBe('somebody else’s')
    expect(readdirSync(out).sort()).toEqual(['b.db', 'b.db.partial'])
  })

  it('replaces a file only when asked (the save dialog confirmed it), atomically', async () => {
    const target = join(out, 'b.db')
    writeFileSync(target, 'older backup')
    await t.engine.backup.backupTo(t.owner, target, { overwrite: true })
    expect(titleIn(target)).toBe('Acme Labeling')
    if (posix) expect(statSync(target).mode & 0o777).toBe(0o600)
    expect(readdirSync(out)).toEqual(['b.db'])
  })

  it('cleans up after a failure', async () => {
    // A folder where the file should go: the final rename fails after the copy was made.
    const target = join(out, 'taken')
    mkdirSync(target)
    await expect(t.engine.backup.backupTo(t.owner, target, { overwrite: true })).rejects.toThrow()
    expect(readdirSync(out)).toEqual(['taken'])
    expect(readdirSync(target)).toEqual([])
    // A folder that does not exist: nothing is created anywhere.
    await expect(t.engine.backup.backupTo(t.owner, join(out, 'missing', 'b.db'))).rejects.toThrow(
      /Cannot write beside/,
    )
    expect(readdirSync(out)).toEqual(['taken'])
  })

  it('a backup for a download lives in the data folder until disposed', async () => {
    const before = readdirSync(dir).sort()
    const backup = await t.engine.backup.backupForDownload(t.owner)
    expect(join(backup.path, '..')).toBe(dir)
    if (posix) expect(statSync(backup.path).mode & 0o777).toBe(0o600)
    expect(titleIn(backup.path)).toBe('Acme Labeling')
    backup.dispose()
    expect(readdirSync(dir).sort()).toEqual(before)
  })
})
