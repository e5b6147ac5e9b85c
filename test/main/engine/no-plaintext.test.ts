import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { hashToken } from '../../../src/main/engine/tokens.service'
import { makeEngine } from '../../support/engine'
import { raiseQuota } from './helpers'

const dir = mkdtempSync(join(tmpdir(), 'tessera-leak-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('tokens at rest', () => {
  it('leaves no plaintext token in the database file or its WAL, only their SHA-256', async () => {
    const path = join(dir, 'tessera.db')
    const t = makeEngine(path)
    await raiseQuota(t, 49)
    const ws = await t.value('workspaces:create', { title: 'W' })
    const issued: { userId: number; token: string }[] = []
    for (let i = 0; i < 50; i++) {
      const r = await t.value('serviceAccounts:create', {
        name: `bot ${i}`,
        role: i % 2 ? 'AD' : 'AN',
        workspaceIds: i % 2 ? [] : [ws.id],
      })
      issued.push({ userId: r.account.userId, token: r.token })
    }
    for (const { userId } of issued.slice(0, 15)) {
      issued.push({
        userId,
        token: (await t.value('serviceAccounts:resetToken', { userId })).token,
      })
    }
    await t.value('serviceAccounts:delete', { userId: issued[20]!.userId, confirmName: 'bot 20' })
    expect(issued).toHaveLength(65)

    // Read while the connection is open: recent pages live in the -wal file.
    expect(existsSync(`${path}-wal`)).toBe(true)
    const live = Buffer.concat([readFileSync(path), readFileSync(`${path}-wal`)])
    const scan = (bytes: Buffer) => {
      for (const { token } of issued) {
        expect(bytes.includes(token), 'plaintext token').toBe(false)
        expect(bytes.includes(token.slice(4, 34)), 'random part').toBe(false)
        expect(bytes.includes(hashToken(token)), 'its hash').toBe(true)
      }
    }
    scan(live)

    // After a checkpoint the main file alone holds everything, still hashed.
    expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok')
    t.close()
    scan(readFileSync(path))
    const reopened = openDatabase(path)
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(reopened.pragma('foreign_key_check')).toEqual([])
    reopened.close()
  })
})
