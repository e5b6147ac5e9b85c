import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { makeEngine } from '../../support/engine'

const dir = mkdtempSync(join(tmpdir(), 'tessera-two-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('two processes on one database file (desktop app and CLI, say)', () => {
  it('an admin change holds the write lock from its start, so it never fails half-way', async () => {
    const path = join(dir, 'shared.db')
    const t = makeEngine(path)
    const other = openDatabase(path)
    other.pragma('busy_timeout = 0') // fail at once instead of waiting, to observe the lock
    let otherWrite: unknown = 'not attempted'
    const clock = t.deps.now
    t.deps.now = () => {
      // The first time the service asks for the time it has only read so far. If its
      // transaction were deferred, this write would get in and the service's own first write
      // would then fail with SQLITE_BUSY.
      if (otherWrite === 'not attempted') {
        try {
          other.prepare("UPDATE organizations SET title = 'from the CLI'").run()
          otherWrite = 'succeeded'
        } catch (e) {
          otherWrite = (e as { code?: string }).code
        }
      }
      return clock()
    }
    const r = await t.call('serviceAccounts:create', { name: 'bot', role: 'AD' })
    t.deps.now = clock
    expect(r.ok).toBe(true)
    expect(otherWrite).toBe('SQLITE_BUSY')
    // Once the change is committed, the other process writes normally and both see each other.
    other.prepare("UPDATE organizations SET title = 'from the CLI'").run()
    expect((await t.value('org:get')).title).toBe('from the CLI')
    expect(other.prepare('SELECT count(*) AS n FROM service_accounts').get()).toEqual({ n: 1 })
    other.close()
    t.close()
  })

  it('a second engine on the same file finds the same organization and Owner', () => {
    const path = join(dir, 'first-run.db')
    const a = makeEngine(path)
    const b = makeEngine(path)
    expect(b.owner).toEqual(a.owner)
    expect(a.db.prepare('SELECT count(*) AS n FROM organizations').get()).toEqual({ n: 1 })
    a.close()
    b.close()
  })
})
