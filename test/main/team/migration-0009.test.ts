import { describe, expect, it } from 'vitest'
import { migrate } from '../../../src/main/db/migrate'
import { migrations } from '../../../src/main/db/migrations'
import { openDatabase } from '../../../src/main/db/open'

const upTo = (version: number) => migrations.slice(0, version)

describe('migration 0009 (team mode)', () => {
  it('adds invitations and gives existing service accounts version 1', () => {
    const db = openDatabase(':memory:', { migrate: false })
    migrate(db, upTo(8))
    db.exec(`
      INSERT INTO organizations (id, title, created_at, updated_at) VALUES (1, 'Acme', 0, 0);
      INSERT INTO users (id, username, email, first_name, last_name, kind, created_at)
        VALUES (1, 'o', 'o@acme.test', '', '', 'human', 0), (2, 'bot', 'bot@acme.test', '', '', 'service', 0);
      INSERT INTO service_accounts (user_id, organization_id, name, name_key, description, created_by, created_at)
        VALUES (2, 1, 'bot', 'bot', '', 1, 0);
    `)
    expect(migrate(db, upTo(9))).toBe(9)
    expect(db.prepare('SELECT version FROM service_accounts').pluck().get()).toBe(1)
    const insert = db.prepare(
      `INSERT INTO admin_invitations (organization_id, user_id, token_hash, created_by, created_at,
         expires_at) VALUES (1, 1, ?, 1, 10, ?)`,
    )
    // Only a 32-byte hash is stored, and an invitation must expire after it was made.
    expect(() => insert.run(Buffer.from('the plain secret'), 20)).toThrow(/CHECK/)
    expect(() => insert.run(Buffer.alloc(32), 5)).toThrow(/CHECK/)
    insert.run(Buffer.alloc(32), 20)
    expect(() => insert.run(Buffer.alloc(32), 30)).toThrow(/UNIQUE/)
  })
})
