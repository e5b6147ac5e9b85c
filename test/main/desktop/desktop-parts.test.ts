// The Electron-free parts of the desktop glue: words for start-up errors, the log file, the
// save dialog's options, the remembered window and settings, and the quit time limit.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startCore } from '../../../src/main/core/start-core'
import { SchemaTooNewError } from '../../../src/main/db/migrate'
import { menuTemplate } from '../../../src/main/desktop/app-menu'
import { openLogFile, teeConsole } from '../../../src/main/desktop/log-file'
import { shutdown } from '../../../src/main/desktop/quit'
import { saveDialogOptions } from '../../../src/main/desktop/save-dialog'
import { settingsStore } from '../../../src/main/desktop/settings'
import { describeOpenError, handleStartupError } from '../../../src/main/desktop/startup-error'
import { restoredBounds } from '../../../src/main/desktop/window-state'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-desktop-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const noNpm = (s: { title: string; message: string }) =>
  expect(`${s.title} ${s.message}`).not.toMatch(/npm|native:electron/i)

describe('describeOpenError', () => {
  it('explains a damaged file, naming it', async () => {
    const db = join(dir, 'tessera.db')
    writeFileSync(db, 'this is not sqlite '.repeat(200))
    const err = await startCore({ dbPath: db }).catch((e: unknown) => e)
    const shown = describeOpenError(err, db)
    expect(shown.title).toBe('The database is damaged')
    expect(shown.message).toContain(db)
    expect(shown.message).toMatch(/backup/)
    noNpm(shown)
    // The engine's own message names a command line; the dialog does not.
    expect(shown.message).not.toContain('tessera restore')
  })

  it('asks for an update when the file is from a newer Tessera', async () => {
    const db = join(dir, 'tessera.db')
    const raw = new Database(db)
    raw.pragma('user_version = 9999')
    raw.close()
    const err = await startCore({ dbPath: db }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SchemaTooNewError)
    const shown = describeOpenError(err, db)
    expect(shown.title).toBe('Tessera needs an update')
    expect(shown.message).toContain('newer version of Tessera')
  })

  it('names a locked database and one it cannot write, without npm', () => {
    const busy = describeOpenError(
      Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
      'x.db',
    )
    expect(busy.title).toBe('The database is in use')
    noNpm(busy)
    const ro = describeOpenError(Object.assign(new Error('ro'), { code: 'SQLITE_READONLY' }), 'x')
    expect(ro.title).toBe('Tessera cannot write its database')
    // The driver error of an old build is no longer special: just what happened and where.
    const abi = describeOpenError(new Error('compiled against NODE_MODULE_VERSION 115'), 'x.db')
    noNpm(abi)
  })
})

describe('the start-up error dialog', () => {
  it('explains a backup that fails its checks, changes nothing and offers the choices again', async () => {
    const live = join(dir, 'tessera.db')
    writeFileSync(live, 'broken')
    const notABackup = join(dir, 'notes.db')
    writeFileSync(notABackup, 'not a database either')
    const responses = [2, 0, 0]
    const boxes: any[] = []
    const dialog = {
      showMessageBox: vi.fn(async (o: any) => {
        boxes.push(o)
        return { response: responses.shift()!, checkboxChecked: false }
      }),
      showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [notABackup] })),
    }
    const outcome = await handleStartupError(new Error('x'), live, {
      dialog: dialog as any,
      shell: { showItemInFolder: vi.fn() },
      log: () => {},
    })
    expect(outcome).toBe('quit')
    expect(boxes.map((b) => b.title)).toEqual([
      'Tessera could not open its database',
      'This backup cannot be restored',
      'Tessera could not open its database',
    ])
    expect(readFileSync(live, 'utf8')).toBe('broken')
  })
})

describe('the log file', () => {
  it('appends timestamped lines and rotates to .1 past its size limit', () => {
    const log = openLogFile(dir, { maxBytes: 200, now: () => new Date(Date.UTC(2026, 0, 2)) })
    log.write('error', 'first', new Error('boom'))
    expect(readFileSync(log.path, 'utf8')).toMatch(
      /^2026-01-02T00:00:00.000Z ERROR first Error: boom/,
    )
    for (let i = 0; i < 20; i++) log.write('info', `line ${i}`)
    expect(existsSync(`${log.path}.1`)).toBe(true)
    expect(statSync(log.path).size).toBeLessThanOrEqual(200)
    expect(readFileSync(log.path, 'utf8')).toContain('line 19')
  })

  it('receives console.error and console.warn of the main process', () => {
    const log = openLogFile(dir)
    const target = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), log: vi.fn() }
    const restore = teeConsole(log, target as unknown as Console)
    ;(target as unknown as Console).error('api failed', { port: 8080 })
    ;(target as unknown as Console).warn('slow')
    restore()
    ;(target as unknown as Console).error('after restore')
    const text = readFileSync(log.path, 'utf8')
    expect(text).toMatch(/ERROR api failed \{ port: 8080 \}/)
    expect(text).toMatch(/WARN slow/)
    expect(text).not.toContain('after restore')
  })
})

describe('save dialog options', () => {
  it('suggests the name in the documents folder and always confirms overwriting', () => {
    const o = saveDialogOptions('tessera-backup-2026-01-15.db', '/home/me/Documents')
    expect(o.defaultPath).toBe(join('/home/me/Documents', 'tessera-backup-2026-01-15.db'))
    expect(o.filters).toEqual([{ name: 'DB', extensions: ['db'] }])
    expect(o.properties).toEqual(['showOverwriteConfirmation', 'createDirectory'])
  })
})

describe('window state and desktop settings', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }]
  const saved = { x: 100, y: 80, width: 1200, height: 800, maximized: true }

  it('restores bounds only when the window fits on a current display', () => {
    expect(restoredBounds(saved, screen)).toEqual({ x: 100, y: 80, width: 1200, height: 800 })
    expect(restoredBounds({ ...saved, x: 2000 }, screen)).toBeNull()
    expect(
      restoredBounds({ ...saved, x: 2000 }, [
        ...screen,
        { x: 1920, y: 0, width: 1920, height: 1080 },
      ]),
    ).not.toBeNull()
    expect(restoredBounds(undefined, screen)).toBeNull()
  })

  it('keeps the valid fields of a hand-edited settings file and ignores the rest', () => {
    writeFileSync(
      join(dir, 'desktop-settings.json'),
      JSON.stringify({ onCloseWhileServing: 'explode', window: saved }),
    )
    expect(settingsStore(dir).get()).toEqual({ window: saved })
    writeFileSync(join(dir, 'desktop-settings.json'), '{ not json')
    const store = settingsStore(dir, () => {})
    expect(store.get()).toEqual({})
    store.update({ onCloseWhileServing: 'quit' })
    expect(settingsStore(dir).get()).toEqual({ onCloseWhileServing: 'quit' })
  })
})

describe('the application menu', () => {
  const actions = { about: () => {}, openDataFolder: () => {}, openLogFile: () => {} }
  it('has no reload or developer tools in a packaged app, and the edit roles always', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const packaged = JSON.stringify(menuTemplate({ isPackaged: true, platform, actions }))
      expect(packaged).not.toMatch(/reload|toggleDevTools/i)
      expect(packaged).toContain('About Tessera')
      for (const role of ['copy', 'paste', 'cut', 'selectAll', 'undo']) {
        expect(packaged).toContain(`"role":"${role}"`)
      }
      const dev = JSON.stringify(menuTemplate({ isPackaged: false, platform, actions }))
      expect(dev).toContain('toggleDevTools')
    }
  })
})

describe('quitting', () => {
  it('stops the API before closing the database', async () => {
    const order: string[] = []
    const outcome = await shutdown(
      {
        stopApi: async () => void order.push('api'),
        closeDatabase: async () => void order.push('db'),
      },
      { log: () => {} },
    )
    expect(outcome).toBe('clean')
    expect(order).toEqual(['api', 'db'])
  })

  it('gives up after the time limit and says so', async () => {
    const log = vi.fn()
    const outcome = await shutdown(
      { stopApi: () => new Promise(() => {}), closeDatabase: async () => {} },
      { timeoutMs: 50, log },
    )
    expect(outcome).toBe('timed-out')
    expect(log).toHaveBeenCalledWith(expect.stringContaining('did not close within 50 ms'))
  })
})
