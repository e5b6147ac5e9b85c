import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StartApi } from '../../../src/main/core/api-controller'
import { startCore } from '../../../src/main/core/start-core'
import { SchemaTooNewError } from '../../../src/main/db/migrate'

let dir = ''
let dbPath = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-core-'))
  dbPath = join(dir, 'data', 'tessera.db')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A startLocalApi stand-in that records what it was asked to do and binds nothing. */
function fakeApi(fail = false) {
  const calls: string[] = []
  const startApi = vi.fn<StartApi>(async (o) => {
    if (fail) throw new Error('EADDRINUSE')
    calls.push(`start ${o.host}:${o.port}${o.portFallback ? ' +fallback' : ''}`)
    return {
      url: `http://${o.host}:${o.port}`,
      close: async () => void calls.push(`stop ${o.host}:${o.port}`),
    }
  })
  return { startApi, calls }
}

/** Resolves once the API has settled after a settings change (the change is handled async). */
const settled = (core: Awaited<ReturnType<typeof startCore>>) => core.api.reconcile()

describe('startCore', () => {
  it('creates the organization on a new database file and finds it again after a restart', async () => {
    const api = fakeApi()
    const first = await startCore({ dbPath, startApi: api.startApi, log: () => {} })
    expect(first.dbPath).toBe(dbPath)
    const overview = first.engine.organization.overview(first.actor)
    expect(overview.owner?.id).toBe(first.actor.userId)
    first.engine.workspaces.create(first.actor, { title: 'Kept', description: '' })
    await first.close()

    const second = await startCore({ dbPath, startApi: api.startApi, log: () => {} })
    expect(second.actor).toEqual(first.actor)
    expect(second.engine.workspaces.list(second.actor).map((w) => w.title)).toEqual(['Kept'])
    await second.close()
  })

  it('starts the API from the settings and follows their changes through the engine event', async () => {
    const api = fakeApi()
    const core = await startCore({ dbPath, startApi: api.startApi, log: () => {} })
    expect(core.api.url()).toBe('http://127.0.0.1:8080')

    // No transport involved: saving the settings is enough.
    core.engine.organization.updateSettings(core.actor, { apiPort: 9191 })
    await settled(core)
    expect(core.api.url()).toBe('http://127.0.0.1:9191')

    core.engine.organization.updateSettings(core.actor, { apiEnabled: false })
    await settled(core)
    expect(core.api.url()).toBeNull()
    core.engine.organization.updateSettings(core.actor, { title: 'Renamed' })
    await settled(core)
    await core.close()
    expect(api.calls).toEqual([
      'start 127.0.0.1:8080 +fallback',
      'stop 127.0.0.1:8080',
      'start 127.0.0.1:9191 +fallback',
      'stop 127.0.0.1:9191',
    ])
  })

  it('keeps running with the API off when the settings address cannot be bound', async () => {
    const log = vi.fn()
    const core = await startCore({ dbPath, startApi: fakeApi(true).startApi, log })
    expect(core.api.url()).toBeNull()
    expect(core.api.status()).toMatchObject({ url: null, requestedPort: 8080 })
    expect(core.api.status().error).toContain('EADDRINUSE')
    expect(log).toHaveBeenCalledWith(expect.stringContaining('127.0.0.1:8080'), expect.any(Error))
    expect(core.engine.organization.overview(core.actor).title).toBeTruthy()
    await core.close()
  })

  it('with a fixed address ignores the settings and fails when the address is taken', async () => {
    const api = fakeApi()
    const core = await startCore({
      dbPath,
      startApi: api.startApi,
      api: { host: '0.0.0.0', port: 7000, portFallback: false },
    })
    core.engine.organization.updateSettings(core.actor, { apiPort: 9191, apiEnabled: false })
    await settled(core)
    expect(core.api.url()).toBe('http://0.0.0.0:7000')
    await core.close()
    expect(api.calls).toEqual(['start 0.0.0.0:7000', 'stop 0.0.0.0:7000'])

    const err = await startCore({ dbPath, startApi: fakeApi(true).startApi, api: { port: 7000 } })
      .then(() => null)
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    // The database was closed again: another start can open it.
    const again = await startCore({ dbPath, startApi: api.startApi, api: {} })
    await again.close()
  })

  it('runs prepare on the organization before the API can be reached', async () => {
    const order: string[] = []
    const api = fakeApi()
    const core = await startCore({
      dbPath,
      startApi: async (o) => (order.push('api'), api.startApi(o)),
      prepare: (engine, actor) => {
        order.push('prepare')
        engine.workspaces.create(actor, { title: 'Seeded', description: '' })
      },
    })
    expect(order).toEqual(['prepare', 'api'])
    await core.close()
  })

  it('stops the API before the database closes', async () => {
    const readsDatabase = (engine: { organization: { firstId: () => number } }) => {
      try {
        engine.organization.firstId()
        return true
      } catch {
        return false
      }
    }
    let dbOpenAtApiStop: boolean | null = null
    const startApi: StartApi = async (o) => ({
      url: `http://${o.host}:${o.port}`,
      close: async () => {
        dbOpenAtApiStop = readsDatabase(o.engine)
      },
    })
    const core = await startCore({ dbPath, startApi })
    await core.close()
    expect(dbOpenAtApiStop).toBe(true)
    expect(readsDatabase(core.engine)).toBe(false)
  })

  it('refuses a database written by a newer Tessera', async () => {
    const core = await startCore({ dbPath, startApi: fakeApi().startApi })
    await core.close()
    const db = new Database(dbPath)
    db.pragma('user_version = 9999')
    db.close()
    const err = await startCore({ dbPath, startApi: fakeApi().startApi }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SchemaTooNewError)
    expect((err as Error).message).toContain('newer version of Tessera')
  })
})
