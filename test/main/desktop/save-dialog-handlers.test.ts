// Every file the desktop app writes goes through its save dialog: the handler asks (with a
// sensible name) and writes there, or reports that the user cancelled; no caller can name a
// file. With no dialog (a browser) the text comes back for a download, and a backup or an
// activity export is refused: those are download routes of their own.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import type { Channel, Input, Output } from '../../../src/shared/contracts'
import type { Result } from '../../../src/shared/result'
import { makeEngine, type TestEngine } from '../../support/engine'

let dir = ''
let t: TestEngine
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-save-'))
  t = makeEngine(join(dir, 'tessera.db'))
})
afterEach(() => {
  t.close()
  rmSync(dir, { recursive: true, force: true })
})

const dispatch = createDispatcher({ log: () => {} })

/** Calls a channel as the desktop app does, with `choose` standing in for the dialog. */
async function desktop<C extends Channel>(
  choose: (name: string) => Promise<string | null>,
  channel: C,
  input?: Input<C>,
): Promise<Output<C>> {
  const r = (await dispatch(channel, input, {
    engine: t.engine,
    actor: t.owner,
    chooseSavePath: choose,
  })) as Result<Output<C>>
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.value
}

const query = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 10) }

describe('save dialogs behind the desktop exports', () => {
  it('backs up to the file picked in the dialog, suggesting tessera-backup-<day>.db', async () => {
    await t.value('workspaces:create', { title: 'Kept in the backup' })
    const target = join(dir, 'picked.db')
    const choose = vi.fn(async () => target)
    const out = await desktop(choose, 'backup:create', {})
    expect(choose).toHaveBeenCalledWith('tessera-backup-2026-01-15.db')
    expect(out).toMatchObject({ cancelled: false, path: target })
    const copy = new Database(target, { readonly: true })
    expect(copy.prepare('SELECT title FROM workspaces').pluck().all()).toEqual([
      'Kept in the backup',
    ])
    copy.close()
  })

  it('makes no backup and records nothing when the dialog is cancelled', async () => {
    const before = t.db.prepare("SELECT count(*) FROM activity_entries WHERE kind = 'admin'")
    const admins = before.pluck().get()
    const out = await desktop(async () => null, 'backup:create', {})
    expect(out).toEqual({ cancelled: true, path: null })
    expect(before.pluck().get()).toBe(admins)
  })

  it('replaces a file picked in the dialog (it asked first), leaving nothing beside it', async () => {
    const target = join(dir, 'old.db')
    writeFileSync(target, 'an older file the user chose to replace')
    const out = await desktop(async () => target, 'backup:create', {})
    expect(out).toMatchObject({ cancelled: false, path: target })
    const copy = new Database(target, { readonly: true })
    expect(copy.prepare('SELECT title FROM organizations').pluck().get()).toBe('Acme Labeling')
    copy.close()
    expect(
      readdirSync(dir)
        .filter((n) => !n.startsWith('tessera.db'))
        .sort(),
    ).toEqual(['old.db'])
  })

  it('refuses a backup or an activity export where there is no dialog: they are downloads', async () => {
    for (const [channel, input] of [
      ['backup:create', {}],
      ['activity:export', { format: 'csv' }],
    ] as const) {
      const r = await t.call(channel, input)
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
      expect(r.ok ? '' : r.error.message).toMatch(/download/)
    }
  })

  it('writes the credential report where the dialog says, or nowhere when cancelled', async () => {
    const target = join(dir, 'report.csv')
    const choose = vi.fn(async () => target)
    const out = await desktop(choose, 'security:credentialReport')
    expect(choose).toHaveBeenCalledWith('tessera-service-accounts-2026-01-15.csv')
    expect(out.path).toBe(target)
    expect(readFileSync(target, 'utf8')).toBe(out.csv)
    expect(out.csv.split('\n')[0]).toMatch(/^name,user_id,role/)

    const cancelled = await desktop(async () => null, 'security:credentialReport')
    expect(cancelled).toMatchObject({ cancelled: true, path: null })
    // Without a dialog the CSV comes back for the browser to download.
    expect(await t.value('security:credentialReport')).toMatchObject({
      path: null,
      cancelled: false,
      csv: out.csv,
    })
  })

  it('writes the performance export where the dialog says, named after its range', async () => {
    const target = join(dir, 'perf.json')
    const choose = vi.fn(async () => target)
    const out = await desktop(choose, 'performance:export', { query, format: 'json' })
    expect(choose).toHaveBeenCalledWith(out.filename)
    expect(out.filename).toMatch(/^performance_2026-01-01_2026-01-\d\d\.json$/)
    expect(out).toMatchObject({ path: target, cancelled: false })
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(JSON.parse(out.text))

    const gone = join(dir, 'never.csv')
    const cancelled = await desktop(async () => null, 'performance:export', {
      query,
      format: 'csv',
    })
    expect(cancelled).toMatchObject({ path: null, cancelled: true })
    expect(existsSync(gone)).toBe(false)
  })

  it('exports the activity log to the picked file, replacing it after the dialog asked', async () => {
    await t.value('workspaces:create', { title: 'Logged' })
    const target = join(dir, 'activity.csv')
    // The user confirmed replacing an existing file in the dialog.
    writeFileSync(target, 'old contents')
    const choose = vi.fn(async () => target)
    const out = await desktop(choose, 'activity:export', { format: 'csv' })
    expect(choose).toHaveBeenCalledWith('activity-log.csv')
    expect(out).toMatchObject({ path: target, cancelled: false })
    expect(out.rows).toBeGreaterThan(0)
    expect(readFileSync(target, 'utf8')).not.toContain('old contents')
  })

  it('refuses any path typed by the caller, without asking', async () => {
    const choose = vi.fn(async () => join(dir, 'x.csv'))
    for (const [channel, input] of [
      ['performance:export', { query, format: 'csv', path: join(dir, 'typed.csv') }],
      ['activity:export', { format: 'csv', path: join(dir, 'typed.csv') }],
      ['backup:create', { path: join(dir, 'typed.db') }],
    ] as const) {
      const r = await dispatch(channel, input, {
        engine: t.engine,
        actor: t.owner,
        chooseSavePath: choose,
      })
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
    expect(choose).not.toHaveBeenCalled()
    expect(existsSync(join(dir, 'typed.csv')) || existsSync(join(dir, 'typed.db'))).toBe(false)
  })
})
