import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshots, watchConsole } from './support/browser'
import { expectSignedIn, firstRunSetup, signIn } from './support/flows'
import { ensureBuilt, startServe, type ServeProcess } from './support/server'

const why = ensureBuilt()

/** What the page functions below read (DOM types are not in this project's lib). */
type PageGlobals = { location: { hash: string } }
const hashOf = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).location.hash)

/**
 * Every screen has an address, in serve mode on the demo organization: a deep link survives
 * sign-in and reload, filters live in the address, titles name the screen, Back and Forward move
 * between screens.
 */
describe.skipIf(why !== null)('serve mode: addresses of the admin screens (real Chromium)', () => {
  let server: ServeProcess
  let browser: Browser
  let page: Page
  let consoleLog: () => string
  const shot = screenshots('addresses')
  const nav = (label: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click()
  const h1 = (name: string) => page.getByRole('heading', { level: 1, name, exact: true })
  const filters = () => page.getByRole('search', { name: 'Activity filters' })
  const step = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      try {
        await body()
      } catch (err) {
        await shot(page, `FAILED-${name}`).catch(() => {})
        throw new Error(`${(err as Error).message}\n--- browser console:\n${consoleLog()}`)
      }
    })

  beforeAll(async () => {
    server = await startServe(['--demo'])
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    page.setDefaultTimeout(15_000)
    consoleLog = watchConsole(page)
    await firstRunSetup(page, server.url)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  step('a deep link to filtered activity survives signing in', async () => {
    await page.goto(`${server.url}/#/activity?method=POST&kind=api`)
    await signIn(page)
    await expectSignedIn(page)
    await h1('Activity log').waitFor()
    expect(await page.title()).toBe('Activity Log — Tessera')
    expect(await filters().getByRole('combobox', { name: 'Method' }).inputValue()).toBe('POST')
    const table = page.getByRole('table', { name: 'Activity log' })
    await table.getByRole('row').nth(1).waitFor()
    expect(await table.innerText()).not.toMatch(/\bGET\b/)
    await shot(page, 'activity-deep-link')
  })

  step('a filter change is written to the address, and a reload keeps it', async () => {
    await filters().getByRole('combobox', { name: 'Status' }).click()
    await page.getByRole('option', { name: '2xx success' }).click()
    await expect.poll(() => hashOf(page)).toBe('#/activity?method=POST&status=2&kind=api')
    await page.reload()
    await h1('Activity log').waitFor()
    expect(await filters().getByRole('combobox', { name: 'Status' }).inputValue()).toBe(
      '2xx success',
    )
  })

  step('Back and Forward move between screens; each title names its screen', async () => {
    await nav('Members')
    await h1('Members').waitFor()
    expect(await page.title()).toBe('Members — Tessera')
    await nav('Settings')
    await h1('Settings').waitFor()
    await page.goBack()
    await h1('Members').waitFor()
    await page.goBack()
    await h1('Activity log').waitFor()
    expect(await hashOf(page)).toBe('#/activity?method=POST&status=2&kind=api')
    await page.goForward()
    await h1('Members').waitFor()
    expect(await page.title()).toBe('Members — Tessera')
  })

  step('View Activity Log opens an address that names the account', async () => {
    await nav('Service Accounts')
    await h1('Service accounts').waitFor()
    await page.getByRole('button', { name: 'Actions for labeling-bot' }).click()
    await page.getByRole('menuitem', { name: 'View Activity Log' }).click()
    await h1('Activity log').waitFor()
    expect(await hashOf(page)).toMatch(/^#\/activity\?user=\d+$/)
    await page.reload()
    await h1('Activity log').waitFor()
    const user = filters().getByRole('combobox', { name: 'User' })
    await expect.poll(() => user.inputValue()).toContain('labeling-bot')
    await page.goBack()
    await h1('Service accounts').waitFor()
  })

  step('Performance keeps members and range in the address', async () => {
    await nav('Service Accounts')
    await page.getByRole('button', { name: 'Actions for labeling-bot' }).click()
    await page.getByRole('menuitem', { name: 'View Member Performance' }).click()
    await h1('Member performance').waitFor()
    expect(await hashOf(page)).toMatch(/^#\/performance\?members=\d+$/)
    await page.locator('label', { hasText: /^7 days$/ }).click()
    await expect.poll(() => hashOf(page)).toMatch(/^#\/performance\?members=\d+&range=7d$/)
    await page.reload()
    await h1('Member performance').waitFor()
    expect(await page.getByRole('radio', { name: '7 days' }).isChecked()).toBe(true)
    expect(await page.title()).toBe('Performance — Tessera')
    await shot(page, 'performance-address')
  })
})
