// The Electron main entry (src/main/index.ts) driven under plain Node: only `electron` is a
// recording stand-in. The database is a real SQLite file and the API answers real HTTP.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { defaultDeps } from '../../../src/main/engine/deps'
import { createEngine } from '../../../src/main/engine/engine'
import { createFakeElectron, type FakeElectron } from './fake-electron'

// An empty module: each launch copies its own fake's parts into it (see launch()).
vi.mock('electron', () => ({}))

const REPO = process.cwd()
let root = ''
let fake: FakeElectron
let dbPath = ''
let envBefore: Record<string, string | undefined> = {}
const blockers: Server[] = []

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tessera-main-'))
  envBefore = {
    HOME: process.env.HOME,
    XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME,
    XDG_DATA_HOME: process.env.XDG_DATA_HOME,
  }
  // The default data folder (shared with the CLI) lands in the temp folder.
  process.env.HOME = join(root, 'home')
  process.env.XDG_CONFIG_HOME = join(root, 'config')
  process.env.XDG_DATA_HOME = join(root, 'data')
  dbPath = join(root, 'config', 'Tessera', 'tessera.db')
  fake = newFake()
})

afterEach(async () => {
  if (fake.record.exits.length === 0) {
    fake.app.quit()
    await fake.record.exited
  }
  for (const s of blockers.splice(0)) await new Promise((r) => s.close(r))
  for (const [k, v] of Object.entries(envBefore)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  rmSync(root, { recursive: true, force: true })
})

function newFake(): FakeElectron {
  const f = createFakeElectron({
    paths: {
      userData: join(root, 'config', 'Tessera'),
      logs: join(root, 'logs'),
      documents: join(root, 'docs'),
    },
    appPath: REPO,
  })
  return f
}

/** Imports the entry afresh with `fake` as electron, and waits for its first window. */
async function launch(opts: { window?: boolean } = {}) {
  vi.resetModules()
  Object.assign(await import('electron'), fake.module)
  await import('../../../src/main/index')
  if (opts.window === false) return
  await vi.waitFor(() => expect(fake.record.windows.length).toBeGreaterThan(0), { timeout: 10000 })
  await vi.waitFor(() => expect(fake.record.windows[0]!.visible).toBe(true))
}

/** Writes the organization's API settings into the database before the app opens it. */
function seedSettings(patch: { apiPort?: number; apiEnabled?: boolean }) {
  mkdirSync(join(root, 'config', 'Tessera'), { recursive: true })
  const db = openDatabase(dbPath)
  const engine = createEngine(defaultDeps(db))
  const owner = engine.organization.ensure()
  engine.organization.updateSettings(owner, patch)
  db.close()
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise((r) => s.close(r))
  return port
}

async function occupy(port: number) {
  const s = createServer()
  await new Promise<void>((r) => s.listen(port, '127.0.0.1', r))
  blockers.push(s)
}

const answers = async (url: string) => {
  try {
    return (await fetch(`${url}/health`)).status
  } catch {
    return 'refused'
  }
}

const logText = () => readFileSync(join(root, 'logs', 'tessera.log'), 'utf8')

describe('the desktop main process', () => {
  it('opens a hardened window, answers its renderer only, serves the API and quits in order', async () => {
    const port = await freePort()
    seedSettings({ apiPort: port })
    await launch()
    const win = fake.record.windows[0]!
    const prefs = win.options.webPreferences
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(prefs.preload).toBe(join(REPO, 'out', 'preload', 'index.js'))
    expect(win.icon).toBe(join(REPO, 'resources', 'icon.png'))

    const ours = (await fake.invoke(win, 'org:get')) as any
    expect(ours).toMatchObject({ ok: true, value: { title: expect.any(String) } })
    const other = (await fake.invoke(win, 'org:get', undefined, 'https://evil.example/')) as any
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    const url = `http://127.0.0.1:${port}`
    expect(await answers(url)).toBe(200)

    // Development build: the menu has About, Edit roles, and Reload / DevTools.
    const menu = fake.record.menus.at(-1)!
    const items = JSON.stringify(menu)
    expect(items).toContain('About Tessera')
    expect(items).toContain('"role":"paste"')
    expect(items).toContain('toggleDevTools')

    // Quit: the API stops answering, then the database closes (its WAL is checkpointed away).
    expect(existsSync(`${dbPath}-wal`)).toBe(true)
    fake.app.quit()
    expect(await fake.record.exited).toBe(0)
    expect(await answers(url)).toBe('refused')
    expect(existsSync(`${dbPath}-wal`)).toBe(false)
    const log = logText()
    expect(log.indexOf('quit: local API stopped')).toBeGreaterThan(-1)
    expect(log.indexOf('quit: local API stopped')).toBeLessThan(
      log.indexOf('quit: database closed'),
    )
    expect(fake.record.boxes).toHaveLength(0) // quitting never asks
  })

  it('has no Reload or developer tools when packaged, and About names version, file and API', async () => {
    seedSettings({ apiEnabled: false })
    fake.app.isPackaged = true
    await launch()
    const menu = fake.record.menus.at(-1)!
    const items = JSON.stringify(menu)
    expect(items).not.toMatch(/toggleDevTools|"reload"|forceReload/)
    const help = menu.find((m: any) => m.label === 'Help')
    const about = help.submenu.find((i: any) => i.label === 'About Tessera')
    about.click()
    const box = await fake.nextBox()
    expect(box.options.detail).toContain('Version 0.1.0')
    expect(box.options.detail).toContain(dbPath)
    expect(box.options.detail).toContain('Local API: off')
    box.resolve({ response: 0 })
    help.submenu.find((i: any) => i.label === 'Open Data Folder').click()
    help.submenu.find((i: any) => i.label === 'Open Log File').click()
    expect(fake.record.shown).toEqual([
      `open ${join(root, 'config', 'Tessera')}`,
      `open ${join(root, 'logs', 'tessera.log')}`,
    ])
  })

  it('moves the API off a taken port and says where it is', async () => {
    const port = await freePort()
    await occupy(port)
    seedSettings({ apiPort: port })
    await launch()
    const r = (await fake.invoke(fake.record.windows[0]!, 'org:get')) as any
    const status = r.value.apiStatus
    expect(status.movedFrom).toBe(port)
    expect(status.url).not.toBe(`http://127.0.0.1:${port}`)
    expect(await answers(status.url)).toBe(200)
    expect(fake.record.notifications).toEqual([
      expect.objectContaining({ body: expect.stringContaining(status.url) }),
    ])
    expect(fake.record.notifications[0]!.body).toContain(String(port))
  })

  it('asks once when the window closes while serving; keep serving hides it to the tray', async () => {
    const port = await freePort()
    seedSettings({ apiPort: port })
    await launch()
    const win = fake.record.windows[0]!
    const url = `http://127.0.0.1:${port}`
    win.close()
    const box = await fake.nextBox()
    expect(box.options.buttons).toEqual(['Keep serving in the background', 'Quit Tessera'])
    expect(box.options.checkboxLabel).toBe('Remember my choice')
    box.resolve({ response: 0, checkboxChecked: true })
    await vi.waitFor(() => expect(fake.record.trays).toHaveLength(1))
    expect(win.destroyed).toBe(false)
    expect(win.visible).toBe(false)
    const tray = fake.record.trays[0]!
    expect(tray.tooltip).toBe(`Tessera — serving the local API at ${url}`)
    const labels = tray.menu.template.map((i: any) => i.label ?? i.type)
    expect(labels).toEqual([
      'Open Tessera',
      'separator',
      `API: ${url}`,
      'separator',
      'Quit Tessera',
    ])
    expect(tray.menu.template[2].enabled).toBe(false)
    expect(await answers(url)).toBe(200)

    // A second launch brings the window back from the tray.
    fake.app.emit('second-instance')
    expect(win.visible).toBe(true)
    expect(win.focused).toBeGreaterThan(0)
    expect(tray.destroyed).toBe(true)

    // Remembered: the next close goes straight to the tray.
    const settings = JSON.parse(
      readFileSync(join(root, 'config', 'Tessera', 'desktop-settings.json'), 'utf8'),
    )
    expect(settings.onCloseWhileServing).toBe('background')
    win.close()
    await vi.waitFor(() => expect(fake.record.trays).toHaveLength(2))
    expect(fake.record.boxes).toHaveLength(1)
    // Quit from the tray stops the API.
    fake.record.trays[1]!.menu.template.at(-1).click()
    expect(await fake.record.exited).toBe(0)
    expect(await answers(url)).toBe('refused')
  })

  it('quits and stops the API when the user chooses Quit Tessera on closing', async () => {
    const port = await freePort()
    seedSettings({ apiPort: port })
    await launch()
    fake.record.windows[0]!.close()
    ;(await fake.nextBox()).resolve({ response: 1 })
    expect(await fake.record.exited).toBe(0)
    expect(await answers(`http://127.0.0.1:${port}`)).toBe('refused')
    expect(fake.record.trays).toHaveLength(0)
  })

  it('just quits on closing the window when the API is off', async () => {
    seedSettings({ apiEnabled: false })
    await launch()
    fake.record.windows[0]!.close()
    expect(await fake.record.exited).toBe(0)
    expect(fake.record.boxes).toHaveLength(0)
  })

  it('focuses the first window on a second launch', async () => {
    seedSettings({ apiEnabled: false })
    await launch()
    const win = fake.record.windows[0]!
    win.minimize()
    fake.app.emit('second-instance')
    expect(win.minimized).toBe(false)
    expect(win.visible).toBe(true)
    expect(win.focused).toBe(1)
    expect(fake.record.windows).toHaveLength(1)
  })

  it('remembers the window position and size, and restores it only where it fits', async () => {
    seedSettings({ apiEnabled: false })
    await launch()
    fake.record.windows[0]!.moveTo({ x: 40, y: 50, width: 1100, height: 700 })
    fake.app.quit()
    await fake.record.exited

    fake = newFake()
    await launch()
    expect(fake.record.windows[0]!.bounds).toEqual({ x: 40, y: 50, width: 1100, height: 700 })
    fake.app.quit()
    await fake.record.exited

    // On a display that is gone: the default size instead.
    const file = join(root, 'config', 'Tessera', 'desktop-settings.json')
    const s = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({ ...s, window: { ...s.window, x: 3000 } }))
    fake = newFake()
    await launch()
    expect(fake.record.windows[0]!.bounds.x).not.toBe(3000)
  })

  it('explains a damaged database with Quit, Show the file and Restore, and never npm', async () => {
    mkdirSync(join(root, 'config', 'Tessera'), { recursive: true })
    writeFileSync(dbPath, 'this is not a database '.repeat(400))
    await launch({ window: false })
    const box = await fake.nextBox()
    expect(box.options.buttons).toEqual([
      'Quit',
      'Show the database file',
      'Restore from a backup…',
    ])
    expect(box.options.title).toBe('The database is damaged')
    expect(`${box.options.message} ${box.options.detail}`).not.toMatch(/npm/i)
    expect(box.options.detail).toContain(dbPath)
    box.resolve({ response: 1 })
    expect(await fake.record.exited).toBe(1)
    expect(fake.record.shown).toEqual([`show ${dbPath}`])
    expect(fake.record.windows).toHaveLength(0)
    expect(logText()).toContain('The database is damaged')
  })

  it('restores a chosen backup and starts again', async () => {
    // A good database with a workspace, backed up; then the live file is ruined.
    mkdirSync(join(root, 'config', 'Tessera'), { recursive: true })
    const db = openDatabase(dbPath)
    const engine = createEngine(defaultDeps(db))
    const owner = engine.organization.ensure()
    engine.organization.updateSettings(owner, { apiEnabled: false })
    engine.workspaces.create(owner, { title: 'From the backup', description: '' })
    const backup = join(root, 'backup.db')
    await engine.backup.backupTo(owner, backup)
    db.close()
    rmSync(`${dbPath}-wal`, { force: true })
    rmSync(`${dbPath}-shm`, { force: true })
    writeFileSync(dbPath, 'garbage '.repeat(1000))

    fake.record.openDialogAnswers.push([backup])
    await launch({ window: false })
    ;(await fake.nextBox()).resolve({ response: 2 })
    await vi.waitFor(() => expect(fake.record.windows).toHaveLength(1), { timeout: 10000 })
    expect(fake.record.openDialogs[0]!.filters[0].extensions).toEqual(['db'])
    const r = (await fake.invoke(fake.record.windows[0]!, 'workspaces:list')) as any
    expect(r.ok).toBe(true)
    expect(JSON.stringify(r.value)).toContain('From the backup')
    expect(existsSync(`${dbPath}.before-restore`)).toBe(true)
  })
})
