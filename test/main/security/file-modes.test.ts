import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../../src/main/cli/index'
import { openEngine } from '../../../src/main/cli/open-engine'
import { resolveDefaultDb } from '../../../src/main/core/data-dir'
import { openDatabase } from '../../../src/main/db/open'
import { openLogFile } from '../../../src/main/desktop/log-file'
import { settingsStore } from '../../../src/main/desktop/settings'
import { restoreDatabase } from '../../../src/main/engine/security/backup.service'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import type { Channel, Input, Output } from '../../../src/shared/contracts'
import type { Result } from '../../../src/shared/result'
import { makeEngine, type TestEngine } from '../../support/engine'

const mode = (path: string) => statSync(path).mode & 0o777
const octal = (path: string) => `${path.slice(dir.length)} 0${mode(path).toString(8)}`

let dir = ''
let previousUmask = 0
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-modes-'))
  // The usual default, under which files come out 0644 unless Tessera says otherwise.
  previousUmask = process.umask(0o022)
})
afterEach(() => {
  process.umask(previousUmask)
  rmSync(dir, { recursive: true, force: true })
})

const dispatch = createDispatcher({ log: () => {} })
async function desktop<C extends Channel>(
  t: TestEngine,
  target: string,
  channel: C,
  input: Input<C>,
) {
  const r = (await dispatch(channel, input, {
    engine: t.engine,
    actor: t.owner,
    chooseSavePath: async () => target,
  })) as Result<Output<C>>
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.value
}

describe.skipIf(process.platform === 'win32')(
  'files Tessera writes are private to its user',
  () => {
    it('database, WAL, SHM, backups and every export are 0600', async () => {
      const db = join(dir, 'tessera.db')
      const t = makeEngine(db)
      try {
        await t.value('workspaces:create', { title: 'Secrets live here' })
        expect(existsSync(`${db}-wal`)).toBe(true)
        expect(existsSync(`${db}-shm`)).toBe(true)

        await desktop(t, join(dir, 'backup.db'), 'backup:create', {})
        const query = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 10) }
        await desktop(t, join(dir, 'perf.csv'), 'performance:export', { query, format: 'csv' })
        await desktop(t, join(dir, 'activity.json'), 'activity:export', { format: 'json' })
        await desktop(t, join(dir, 'report.csv'), 'security:credentialReport', {})
        // A file the user chose to replace is tightened too.
        writeFileSync(join(dir, 'replaced.csv'), 'old', { mode: 0o644 })
        await desktop(t, join(dir, 'replaced.csv'), 'performance:export', { query, format: 'csv' })

        const files = readdirSync(dir).map((f) => join(dir, f))
        expect(files.length).toBeGreaterThanOrEqual(8)
        expect(files.map(octal).sort()).toEqual(
          files.map((f) => `${f.slice(dir.length)} 0600`).sort(),
        )
      } finally {
        t.close()
      }
    })

    it('tightens an existing 0644 database and its companions once, at open', () => {
      const db = join(dir, 'old.db')
      openDatabase(db).close()
      chmodSync(db, 0o644)
      closeSync(openSync(`${db}-shm`, 'w', 0o644))
      chmodSync(`${db}-shm`, 0o644)
      expect(mode(db)).toBe(0o644)
      const conn = openDatabase(db)
      conn.exec('CREATE TABLE IF NOT EXISTS x (a)')
      expect([db, `${db}-wal`, `${db}-shm`].map(mode)).toEqual([0o600, 0o600, 0o600])
      conn.close()
    })

    it('restore, the desktop log and settings, the credential report CLI and new folders', async () => {
      // A folder Tessera creates for its database (here through the CLI) is 0700.
      const nested = join(dir, 'data', 'tessera')
      const opened = openEngine(join(nested, 'tessera.db'))
      await opened.engine.backup.backupTo(opened.owner, join(dir, 'b.db'))
      opened.close()
      expect(mode(join(dir, 'data'))).toBe(0o700)
      expect(mode(nested)).toBe(0o700)
      expect(mode(join(nested, 'tessera.db'))).toBe(0o600)

      const target = join(dir, 'restored.db')
      writeFileSync(target, 'was here', { mode: 0o644 })
      restoreDatabase(join(dir, 'b.db'), target)
      expect([target, `${target}.before-restore`].map(mode)).toEqual([0o600, 0o600])

      // The data folder made when a legacy database moves in.
      const legacy = join(dir, 'legacy')
      mkdirSync(legacy)
      openDatabase(join(legacy, 'tessera.db')).close()
      const moved = resolveDefaultDb({ dataDir: join(dir, 'new-data'), legacyCandidates: [legacy] })
      expect(mode(join(dir, 'new-data'))).toBe(0o700)
      expect(mode(moved.path)).toBe(0o600)

      const logs = join(dir, 'logs')
      const log = openLogFile(logs)
      log.write('info', 'started')
      expect([mode(logs), mode(log.path)]).toEqual([0o700, 0o600])
      const settings = settingsStore(join(dir, 'settings'))
      settings.update({ onCloseWhileServing: 'quit' })
      expect([mode(join(dir, 'settings')), mode(settings.path)]).toEqual([0o700, 0o600])

      const out = join(dir, 'credentials.csv')
      const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
      try {
        const db = join(nested, 'tessera.db')
        expect(
          await main(['node', 'tessera', '--db', db, 'report', 'credentials', '--out', out]),
        ).toBe(0)
      } finally {
        quiet.mockRestore()
      }
      expect(mode(out)).toBe(0o600)
    })
  },
)
