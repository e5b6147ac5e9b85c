import { describe, expect, it } from 'vitest'
import { migrate } from '../../../src/main/db/migrate'
import { migration0001 } from '../../../src/main/db/migrations/0001-core'
import { migration0002 } from '../../../src/main/db/migrations/0002-admin-sessions'
import { openDatabase } from '../../../src/main/db/open'

describe('migration 0002 (admin sessions, sign-in throttling)', () => {
  it('adds both tables on top of the core schema', () => {
    const db = openDatabase(':memory:', { migrate: false })
    expect(migrate(db, [migration0001, migration0002])).toBe(2)
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all()
    expect(tables).toEqual(expect.arrayContaining(['admin_sessions', 'sign_in_failures']))
  })

  it('stores session ids only as 32-byte hashes, tied to a real user', () => {
    const db = openDatabase(':memory:', { migrate: false })
    migrate(db, [migration0001, migration0002])
    const insert = db.prepare(
      `INSERT INTO admin_sessions (id_hash, user_id, organization_id, created_at, last_seen_at,
         idle_expires_at, expires_at) VALUES (?, 1, 1, 0, 0, 1, 1)`,
    )
    expect(() => insert.run(Buffer.from('plain-session-id'))).toThrow(/CHECK/)
    expect(() => insert.run(Buffer.alloc(32))).toThrow(/FOREIGN KEY/)
  })
})
