import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildApiServer } from '../../../src/main/api/server'
import { main } from '../../../src/main/cli/index'
import { openEngine } from '../../../src/main/cli/open-engine'
import { openDatabase } from '../../../src/main/db/open'
import { SchemaDriftError } from '../../../src/main/db/schema-check'
import { snapshotTables } from '../../support/engine'

let dir: string
let db: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-untrusted-'))
  db = join(dir, 'a.db')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `tessera --db <file> ...args` in-process; returns exit code and captured output. */
async function tessera(file: string, ...args: string[]) {
  let out = ''
  let err = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true))
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true))
  try {
    const code = await main(['node', 'tessera', '--db', file, ...args])
    return { code, out, err }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}

/** Every row of every table of a file, read without opening it for use. */
function rows(file: string) {
  const raw = new Database(file, { readonly: true })
  try {
    return snapshotTables(raw)
  } finally {
    raw.close()
  }
}

/** The status GET /api/current-user/whoami answers for a token, through the real API server. */
async function whoami(file: string, tokens: string[]): Promise<number[]> {
  const opened = openEngine(file)
  const app = buildApiServer({ engine: opened.engine, log: () => {} })
  try {
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as { port: number }
    const statuses: number[] = []
    for (const token of tokens) {
      const res = await fetch(`http://127.0.0.1:${port}/api/current-user/whoami`, {
        headers: { authorization: `Token ${token}` },
      })
      statuses.push(res.status)
    }
    return statuses
  } finally {
    await app.close()
    opened.close()
  }
}

const KEEP_TOKENS = `CREATE TRIGGER keep_tokens AFTER UPDATE OF revoked_at ON api_tokens
  WHEN NEW.revoked_at IS NOT NULL BEGIN
  UPDATE api_tokens SET revoked_at = NULL, revoked_reason = NULL WHERE id = NEW.id;
END;`

async function liveWithToken(): Promise<string> {
  await tessera(db, 'workspaces', 'create', '--title', 'Docs')
  const r = await tessera(
    db,
    ...['service-accounts', 'create', '--name', 'scanner', '--role', 'AN', '--workspace', '1'],
  )
  expect(r.code).toBe(0)
  return r.out.trim()
}

describe('a backup changed outside Tessera', () => {
  it('with a trigger that undoes revocations is refused at restore; a reset then kills the old token', async () => {
    const old = await liveWithToken()
    const backup = join(dir, 'b.db')
    expect((await tessera(db, 'backup', '--to', backup)).code).toBe(0)
    const raw = new Database(backup)
    raw.exec(KEEP_TOKENS)
    raw.close()

    const before = rows(db)
    const restore = await tessera(db, 'restore', '--from', backup, '--yes')
    expect(restore.code).toBe(1)
    expect(restore.err).toMatch(
      /changed outside Tessera: trigger keep_tokens \(not made by Tessera\)/,
    )
    expect(restore.err).toMatch(/current database is unchanged/)
    // Nothing was replaced or set aside: the live database is as it was.
    expect(existsSync(`${db}.before-restore`)).toBe(false)
    expect(existsSync(`${db}.restoring`)).toBe(false)
    expect(rows(db)).toEqual(before)

    // `tessera check` tells the two files apart.
    const live = await tessera(db, 'check')
    expect(live.code).toBe(0)
    expect(live.out).toMatch(/schema: as Tessera's migrations create it \(version \d+\)/)
    const crafted = await tessera(backup, 'check')
    expect(crafted.code).toBe(1)
    expect(crafted.out).toContain('schema: changed outside Tessera')
    expect(crafted.err).toContain('trigger keep_tokens')

    // Reset Token revokes the old one for good, as seen by the API.
    const reset = await tessera(db, 'service-accounts', 'reset-token', 'scanner')
    expect(reset.code).toBe(0)
    const fresh = reset.out.trim()
    expect(fresh).not.toBe(old)
    expect(await whoami(db, [old, fresh])).toEqual([401, 200])
  })

  it('copied over the database by hand is refused at start-up, naming the trigger, and left as it is', async () => {
    await liveWithToken()
    const backup = join(dir, 'b.db')
    await tessera(db, 'backup', '--to', backup)
    const raw = new Database(backup)
    raw.exec(KEEP_TOKENS)
    raw.close()
    rmSync(db)
    rmSync(`${db}-wal`, { force: true })
    rmSync(`${db}-shm`, { force: true })
    copyFileSync(backup, db)
    const bytes = readFileSync(db)

    expect(() => openDatabase(db)).toThrow(SchemaDriftError)
    expect(() => openDatabase(db)).toThrow(/trigger keep_tokens/)
    const r = await tessera(db, 'workspaces', 'list')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/This file was changed outside Tessera: trigger keep_tokens/)
    expect(r.err).toMatch(/Restore a backup you made with Tessera, or move the file aside/)
    expect(readFileSync(db).equals(bytes)).toBe(true)
  })

  it('a backup made by tessera backup restores as before and checks clean', async () => {
    const token = await liveWithToken()
    const backup = join(dir, 'b.db')
    expect((await tessera(db, 'backup', '--to', backup)).code).toBe(0)
    await tessera(db, 'workspaces', 'create', '--title', 'Later')
    const restored = await tessera(db, 'restore', '--from', backup, '--yes')
    expect(restored.code).toBe(0)
    const list = JSON.parse((await tessera(db, 'workspaces', 'list', '--json')).out) as {
      title: string
    }[]
    expect(list.map((w) => w.title)).toEqual(['Docs'])
    const check = await tessera(db, 'check')
    expect(check.code).toBe(0)
    expect(check.out).toMatch(/schema: as Tessera's migrations create it/)
    expect(await whoami(db, [token])).toEqual([200])
  })
})
