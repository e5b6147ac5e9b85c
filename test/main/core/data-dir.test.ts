import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  defaultDataDir,
  legacyDataDirs,
  resolveDefaultDb,
  resolveHostDb,
  type DataDirFs,
} from '../../../src/main/core/data-dir'

/**
 * Electron's `userData` for productName "Tessera", written out from Electron's own rules
 * (appData per platform + the app name), so the shared folder is checked against what the
 * desktop app really uses rather than against our own function.
 */
function electronUserData(env: Record<string, string>, platform: string, home: string): string {
  if (platform === 'win32') return `${env.APPDATA ?? `${home}\\AppData\\Roaming`}\\Tessera`
  if (platform === 'darwin') return `${home}/Library/Application Support/Tessera`
  return `${env.XDG_CONFIG_HOME ?? `${home}/.config`}/Tessera`
}

describe('defaultDataDir', () => {
  const cases: [NodeJS.Platform, Record<string, string>, string][] = [
    ['linux', {}, '/home/ada'],
    ['linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ada'],
    ['darwin', {}, '/Users/ada'],
    ['win32', { APPDATA: 'D:\\Profiles\\ada\\Roaming' }, 'C:\\Users\\ada'],
    ['win32', {}, 'C:\\Users\\ada'],
  ]
  it.each(cases)('is the desktop userData on %s (env %j)', (platform, env, home) => {
    expect(defaultDataDir(env, platform, home)).toBe(electronUserData(env, platform, home))
  })

  it('is the folder both the desktop app and the CLI open by default', () => {
    for (const [platform, env, home] of cases) {
      const fs: DataDirFs = { existsSync: () => false, mkdirSync: () => undefined, renameSync() {} }
      const { path } = resolveHostDb({ env, platform, homedir: home }, fs)
      // The CLI prints this path in its help and the desktop passes it to startCore.
      expect(path.startsWith(electronUserData(env, platform, home))).toBe(true)
      expect(path.endsWith('tessera.db')).toBe(true)
    }
  })

  it('lists the folders earlier builds used on Linux', () => {
    expect(legacyDataDirs({}, 'linux', '/home/ada')).toEqual([
      '/home/ada/.config/tessera',
      '/home/ada/.local/share/tessera',
    ])
    expect(legacyDataDirs({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ada')).toContain(
      '/data/tessera',
    )
  })
})

describe('resolveDefaultDb', () => {
  let root = ''
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tessera-datadir-'))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  const put = (dir: string, name: string, text: string) => {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, name), text)
  }

  it('moves a legacy database with its -wal and -shm files and says so', () => {
    const legacy = join(root, 'share', 'tessera')
    const dataDir = join(root, 'config', 'Tessera')
    put(legacy, 'tessera.db', 'main')
    put(legacy, 'tessera.db-wal', 'recent writes')
    put(legacy, 'tessera.db-shm', 'index')

    const r = resolveDefaultDb({ dataDir, legacyCandidates: [join(root, 'nowhere'), legacy] })

    expect(r.path).toBe(join(dataDir, 'tessera.db'))
    expect(r.message).toBe(
      `Moved your database from ${join(legacy, 'tessera.db')} to ${join(dataDir, 'tessera.db')}`,
    )
    expect(readFileSync(join(dataDir, 'tessera.db'), 'utf8')).toBe('main')
    expect(readFileSync(join(dataDir, 'tessera.db-wal'), 'utf8')).toBe('recent writes')
    expect(readFileSync(join(dataDir, 'tessera.db-shm'), 'utf8')).toBe('index')
    expect(existsSync(join(legacy, 'tessera.db'))).toBe(false)
    expect(existsSync(join(legacy, 'tessera.db-wal'))).toBe(false)

    // Done once: the next start finds the database in place and says nothing.
    expect(resolveDefaultDb({ dataDir, legacyCandidates: [legacy] }).message).toBeNull()
  })

  it('moves nothing when the new folder already holds a database', () => {
    const legacy = join(root, 'old')
    const dataDir = join(root, 'new')
    put(legacy, 'tessera.db', 'old')
    put(dataDir, 'tessera.db', 'new')

    const r = resolveDefaultDb({ dataDir, legacyCandidates: [legacy] })

    expect(r).toEqual({ path: join(dataDir, 'tessera.db'), message: null })
    expect(readFileSync(join(legacy, 'tessera.db'), 'utf8')).toBe('old')
    expect(readFileSync(join(dataDir, 'tessera.db'), 'utf8')).toBe('new')
  })

  it('says nothing on a first run without any database', () => {
    const dataDir = join(root, 'new')
    expect(resolveDefaultDb({ dataDir, legacyCandidates: [join(root, 'old')] })).toEqual({
      path: join(dataDir, 'tessera.db'),
      message: null,
    })
  })

  it('uses the legacy file in place when it cannot be moved (another device)', () => {
    const legacy = join(root, 'old')
    const dataDir = join(root, 'new')
    put(legacy, 'tessera.db', 'old')
    put(legacy, 'tessera.db-wal', 'wal')
    const renamed: string[] = []
    const fs: DataDirFs = {
      existsSync,
      mkdirSync,
      renameSync: (from, to) => {
        // The main file "moves", then its WAL hits another file system: all of it goes back.
        if (String(from).endsWith('-wal')) {
          throw Object.assign(new Error('cross-device link'), { code: 'EXDEV' })
        }
        renamed.push(`${String(from)} -> ${String(to)}`)
      },
    }
    const r = resolveDefaultDb({ dataDir, legacyCandidates: [legacy], fs })
    expect(r.path).toBe(join(legacy, 'tessera.db'))
    expect(r.message).toContain('EXDEV')
    expect(renamed).toEqual([
      `${join(legacy, 'tessera.db')} -> ${join(dataDir, 'tessera.db')}`,
      `${join(dataDir, 'tessera.db')} -> ${join(legacy, 'tessera.db')}`,
    ])
  })
})
