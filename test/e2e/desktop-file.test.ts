import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo, type DemoResult } from '../../src/main/cli/demo'
import { startCore, type Core } from '../../src/main/core/start-core'
import type { TesseraBridge } from '../../src/shared/bridge'
import { launchChromium, screenshots } from './support/browser'
import { BUILT_INDEX, wireDesktop, type DesktopPage } from './support/desktop'
import { restClient } from './support/rest'
import { ensureBuilt, freePort } from './support/server'

const why = ensureBuilt()

const ACCOUNT = 'desktop-bot'
const PROJECT = 'Product reviews — sentiment'

/** Each screen of the navigation: its heading and something only real data would show. */
const SCREENS: { nav: string; heading: string; shows: (page: Page) => Promise<void> }[] = [
  {
    nav: 'Organization',
    heading: 'Acme Labeling',
    shows: (p) => p.getByText('Owner:', { exact: false }).first().waitFor(),
  },
  {
    nav: 'Members',
    heading: 'Members',
    shows: (p) =>
      p.getByRole('table', { name: 'Members' }).getByText('Ana Silva').first().waitFor(),
  },
  {
    nav: 'Service Accounts',
    heading: 'Service accounts',
    shows: (p) =>
      p.getByRole('table', { name: 'Service accounts' }).getByText('labeling-bot').waitFor(),
  },
  {
    nav: 'Workspaces & Projects',
    heading: 'Workspaces & projects',
    shows: (p) =>
      p.getByRole('table', { name: 'Workspaces' }).getByText('Customer Feedback').waitFor(),
  },
  {
    nav: 'Activity Log',
    heading: 'Activity log',
    shows: (p) => p.getByRole('table', { name: 'Activity log' }).getByRole('row').nth(3).waitFor(),
  },
  {
    nav: 'Performance',
    heading: 'Member performance',
    shows: (p) => p.getByRole('heading', { name: 'Figures per member' }).waitFor(),
  },
  {
    nav: 'Settings',
    heading: 'Settings',
    shows: (p) => p.getByRole('region', { name: 'Security & backups' }).waitFor(),
  },
]

/** What the page functions below touch (DOM types are not in this project's lib). */
type PageGlobals = { api?: TesseraBridge; document: { body: { innerText: string } } }
type InlineProbe = {
  inlineRan?: boolean
  document: {
    createElement(tag: 'script'): { textContent: string }
    head: { append(node: unknown): void }
  }
}

/**
 * The desktop app minus the Electron binary: the BUILT renderer from file://…/out/renderer in
 * real Chromium (with --allow-file-access-from-files, which Electron grants its windows), the
 * BUILT preload giving it window.api, and the main process's IPC transport on a real database
 * that the desktop start-up (startCore) created and `--demo` filled.
 */
describe.skipIf(why !== null)('desktop app: built renderer over file:// (real Chromium)', () => {
  let dir: string
  let core: Core
  let demo: DemoResult
  let browser: Browser
  let page: Page
  let desktop: DesktopPage
  /** Console errors, page errors, failed loads: each a problem the user would notice. */
  const problems: string[] = []
  /** Requests for anything but the app's own files: the desktop renderer needs no network. */
  const network: string[] = []
  const shot = screenshots('desktop')

  const nav = (label: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click()
  const dialog = (name: string | RegExp) => page.getByRole('dialog', { name })
  const expectClean = () => {
    expect(problems, 'console errors, page errors and failed loads').toEqual([])
    expect(desktop.csp, 'Content-Security-Policy violations').toEqual([])
    expect(network, 'requests leaving file://').toEqual([])
  }
  const step = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      try {
        await body()
        expectClean()
      } catch (err) {
        await shot(page, `FAILED-${name}`).catch(() => {})
        throw err
      } finally {
        // Each step answers for its own problems, so one failure does not fail every later one.
        for (const list of [problems, desktop.csp, network]) list.length = 0
      }
    })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-desktop-'))
    const port = await freePort()
    core = await startCore({
      dbPath: join(dir, 'tessera.db'),
      log: () => {},
      prepare: (engine, owner) => {
        // The local API on a free port (8080 may be taken on this machine), like a user setting.
        engine.organization.updateSettings(owner, { apiPort: port })
        demo = seedDemo(engine, owner, engine.now())
        // The demo uses its whole quota; one more seat for the account this test creates.
        const request = engine.quota.request(owner, 1, 'Desktop checks')
        engine.quota.approve(owner, request.id, 'Approved')
      },
    })
    browser = await launchChromium(['--allow-file-access-from-files'])
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    page = await context.newPage()
    page.setDefaultTimeout(15_000)
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`))
    page.on('request', (r) => {
      if (!/^(file|data|blob):/.test(r.url())) network.push(r.url())
    })
    desktop = await wireDesktop(page, core, dir)
    await page.goto(pathToFileURL(BUILT_INDEX).href)
  })

  afterAll(async () => {
    desktop?.dispose()
    await browser?.close()
    await core?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  step('opens straight on the admin shell, talking to the engine through window.api', async () => {
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    await page.getByRole('heading', { level: 1, name: 'Acme Labeling' }).waitFor()
    // Desktop mode: no first-run setup and no sign-in (the operator is the Owner).
    expect(await page.getByRole('heading', { name: /Sign in|Set up Tessera/ }).count()).toBe(0)
    expect(page.url()).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html$/)
    const keys = await page.evaluate(() =>
      Object.keys((globalThis as unknown as PageGlobals).api ?? {}).sort(),
    )
    expect(keys).toEqual(['channels', 'invoke', 'on'])
    expect(desktop.calls).toContain('org:get')
    await shot(page, 'organization')
  })

  step('an unknown operation is refused by window.api before the main process', async () => {
    const before = desktop.calls.length
    const answer = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).api!.invoke('nope:never' as 'org:get', {}),
    )
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(desktop.calls.length).toBe(before)
  })

  for (const screen of SCREENS) {
    step(`the ${screen.nav} screen renders from the navigation`, async () => {
      await nav(screen.nav)
      await page.getByRole('heading', { name: screen.heading, exact: true }).first().waitFor()
      await screen.shows(page)
      const current = page.getByRole('navigation', { name: 'Main' }).getByRole('link', {
        name: screen.nav,
      })
      expect(await current.getAttribute('aria-current')).toBe('page')
      expect(await page.getByText('This screen stopped working').count()).toBe(0)
      await shot(page, screen.nav)
    })
  }

  step(
    'Settings saves backups and reports through the save dialog, with no typed path',
    async () => {
      await nav('Settings')
      const section = page.getByRole('region', { name: 'Security & backups' })
      await section.waitFor()
      expect(await section.getByRole('textbox', { name: /Backup file|path/i }).count()).toBe(0)
      await section.getByRole('button', { name: 'Back up now…' }).click()
      const done = section.getByRole('alert').filter({ hasText: 'Backup complete' })
      await done.waitFor()
      expect(await done.innerText()).toContain(dir)
      const backup = readdirSync(dir).find((f) => f !== 'tessera.db' && f.endsWith('.db'))
      expect(backup, `a backup file in ${dir}: ${readdirSync(dir).join(', ')}`).toBeDefined()
      expect(readFileSync(join(dir, backup!)).subarray(0, 15).toString()).toBe('SQLite format 3')

      await section.getByRole('button', { name: 'Save credential report…' }).click()
      await page.getByText(/^Saved .*\.csv$/).waitFor()
      const csv = readdirSync(dir).find((f) => f.endsWith('.csv'))
      expect(csv).toBeDefined()
      expect(readFileSync(join(dir, csv!), 'utf8')).toContain('labeling-bot')
      await shot(page, 'settings-saved')
    },
  )

  step('an API request made elsewhere shows on the open Activity Log (engine event)', async () => {
    const idle = await desktop.eventListeners()
    await nav('Activity Log')
    const log = page.getByRole('table', { name: 'Activity log' })
    await log.getByRole('row').nth(3).waitFor()
    // The screen subscribes while it is open.
    await expect.poll(() => desktop.eventListeners()).toBe(idle + 1)
    const probe = '/api/projects/424242'
    const res = await restClient(core.api.url()!, demo.annotatorToken).get(probe)
    expect(res.status).toBe(404)
    await log.getByText(probe).first().waitFor()
    await shot(page, 'activity-live')
    await nav('Organization')
    await expect.poll(() => desktop.eventListeners()).toBe(idle)
  })

  step('a service account is created; its token is shown once, then nowhere', async () => {
    await nav('Service Accounts')
    await page.getByRole('button', { name: 'Create service account' }).click()
    const form = dialog('Create service account')
    await form.getByRole('textbox', { name: 'Name' }).fill(ACCOUNT)
    await form.getByRole('radio', { name: 'Annotator' }).check()
    await form.getByRole('combobox', { name: 'Workspaces and projects' }).click()
    await page.getByRole('option', { name: new RegExp(`^${PROJECT}`) }).click()
    await page.keyboard.press('Escape')
    await form.getByRole('button', { name: 'Create', exact: true }).click()

    const issued = dialog('Service account created')
    await issued.waitFor()
    const token = (await issued.getByLabel('API token').innerText()).trim()
    expect(token).toMatch(/^tsa_[0-9A-Za-z]{36}$/)
    await issued.getByRole('button', { name: 'Copy token' }).click()
    const copied = await page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    )
    expect(copied).toBe(token)
    await shot(page, 'token-dialog')
    await issued.getByRole('checkbox', { name: 'I have copied the token' }).check()
    await issued.getByRole('button', { name: 'Close' }).click()
    await issued.waitFor({ state: 'hidden' })

    await page.getByRole('table', { name: 'Service accounts' }).getByText(ACCOUNT).waitFor()
    const text = await page.evaluate(
      () => (globalThis as unknown as PageGlobals).document.body.innerText,
    )
    expect(text).not.toContain(token)
    expect(await page.content()).not.toContain(token)
    await shot(page, 'service-account-listed')

    // The token the desktop app showed is a working credential on the local API.
    const me = await restClient(core.api.url()!, token).get('/api/current-user/whoami')
    expect(me.status).toBe(200)
  })

  // Last, since it makes the very problems the steps above check for: without it a "no CSP
  // violation" could pass because nothing was listening.
  it('the watchers above do see a CSP violation and a console error', async () => {
    // An inline script, as an injected <script> would be: the policy allows only our files.
    const ran = await page.evaluate(() => {
      const g = globalThis as unknown as InlineProbe
      const script = g.document.createElement('script')
      script.textContent = 'window.inlineRan = true'
      g.document.head.append(script)
      return g.inlineRan === true
    })
    expect(ran).toBe(false)
    await page.evaluate(() => console.error('probe'))
    await expect.poll(() => desktop.csp.length).toBeGreaterThan(0)
    expect(desktop.csp[0]).toMatch(/^script-src/)
    await expect.poll(() => problems.some((p) => p.includes('probe'))).toBe(true)
  })
})
