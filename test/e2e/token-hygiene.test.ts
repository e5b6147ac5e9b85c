import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshots, watchConsole } from './support/browser'
import { expectSignedIn, firstRunSetup, signIn } from './support/flows'
import { restClient } from './support/rest'
import { ensureBuilt, startServe, type ServeProcess } from './support/server'

const why = ensureBuilt()
const ACCOUNT = 'pipeline-bot'

/**
 * Token hygiene in a real browser against `serve`: an expiry chosen at create, a reset with a
 * grace period (both tokens work until End now), a network allowlist, "What can this token
 * do?" and the preview of the rule for unused accounts. Each `it` depends on the ones before.
 */
describe.skipIf(why !== null)('serve mode: token hygiene (real Chromium)', () => {
  let server: ServeProcess
  let browser: Browser
  let page: Page
  let consoleLog: () => string
  const shot = screenshots('hygiene')
  const state = { token: '', newToken: '' }

  const nav = (label: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click()
  const dialog = (name: string | RegExp) => page.getByRole('dialog', { name })
  const rowMenu = async (item: string) => {
    await nav('Service Accounts')
    await page.getByRole('button', { name: `Actions for ${ACCOUNT}` }).click()
    await page.getByRole('menuitem', { name: item }).click()
  }
  const row = () =>
    page
      .getByRole('table', { name: 'Service accounts' })
      .getByRole('row', { name: new RegExp(ACCOUNT) })
  const takeToken = async (title: string) => {
    const d = dialog(title)
    await d.waitFor()
    const shown = (await d.getByLabel('API token').innerText()).trim()
    await d.getByRole('checkbox', { name: 'I have copied the token' }).check()
    await d.getByRole('button', { name: 'Close' }).click()
    await d.waitFor({ state: 'hidden' })
    return shown
  }
  const whoami = (token: string) => restClient(server.url, token).get('/api/current-user/whoami')
  const step = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      try {
        await body()
      } catch (err) {
        await shot(page, `FAILED-${name}`).catch(() => {})
        await page.reload().catch(() => {})
        throw new Error(
          `${(err as Error).message}\n--- browser console:\n${consoleLog()}\n--- server:\n${server.output().slice(-3000)}`,
        )
      }
    })

  beforeAll(async () => {
    server = await startServe()
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    page.setDefaultTimeout(15_000)
    consoleLog = watchConsole(page)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  step('first-run setup and sign-in', async () => {
    await firstRunSetup(page, server.url)
    await signIn(page)
    await expectSignedIn(page)
  })

  step('creates an account whose token expires in 7 days; both screens highlight it', async () => {
    await nav('Service Accounts')
    await page.getByRole('button', { name: 'Create service account' }).click()
    const d = dialog('Create service account')
    await d.getByRole('textbox', { name: 'Name' }).fill(ACCOUNT)
    await d.getByRole('radio', { name: 'Administrator' }).check()
    await d.getByRole('combobox', { name: 'Token expires' }).click()
    await d.getByRole('option', { name: 'In 7 days' }).click()
    await d.getByRole('button', { name: 'Create', exact: true }).click()
    state.token = await takeToken('Service account created')
    await row().getByText('Expires in 7 days').waitFor()
    await page.getByRole('alert', { name: /token expires within 7 days/ }).waitFor()
    await shot(page, 'expiring-token')
    await nav('Organization')
    await page.getByRole('alert', { name: /token expires within 7 days/ }).waitFor()
    expect((await whoami(state.token)).status).toBe(200)
  })

  step('Reset Token with a 1 hour grace: both tokens work until End now', async () => {
    await rowMenu('Reset Token')
    const d = dialog(`Reset the token of ${ACCOUNT}?`)
    await d.getByRole('radio', { name: '1 hour' }).check()
    await d.getByRole('button', { name: 'Reset token' }).click()
    state.newToken = await takeToken('New token issued')
    expect((await whoami(state.token)).status).toBe(200)
    expect((await whoami(state.newToken)).status).toBe(200)
    await row()
      .getByText(/previous token/)
      .waitFor()
    await shot(page, 'previous-token-valid-until')
    await page.getByRole('button', { name: `End the previous token of ${ACCOUNT} now` }).click()
    await row()
      .getByText(/previous token/)
      .waitFor({ state: 'hidden' })
    expect((await whoami(state.token)).status).toBe(401)
    expect((await whoami(state.newToken)).status).toBe(200)
  })

  step('a network allowlist refuses this machine with 403 until it is listed', async () => {
    await rowMenu('Network allowlist')
    let d = dialog(`Network allowlist of ${ACCOUNT}`)
    await d.getByRole('textbox', { name: 'Addresses and CIDR ranges' }).fill('10.0.0.0/8')
    await d.getByRole('button', { name: 'Save allowlist' }).click()
    await d.waitFor({ state: 'hidden' })
    const refused = await whoami(state.newToken)
    expect(refused.status).toBe(403)
    expect(String(refused.json.detail)).toContain('not accepted from 127.0.0.1')
    await rowMenu('Network allowlist')
    d = dialog(`Network allowlist of ${ACCOUNT}`)
    await d
      .getByRole('textbox', { name: 'Addresses and CIDR ranges' })
      .fill('10.0.0.0/8\n127.0.0.1')
    await d.getByRole('button', { name: 'Save allowlist' }).click()
    await d.waitFor({ state: 'hidden' })
    expect((await whoami(state.newToken)).status).toBe(200)
  })

  step('What can this token do? names its organization-wide access', async () => {
    await rowMenu('What can this token do?')
    const d = dialog(`What can ${ACCOUNT}’s token do?`)
    await d.getByText('Administers the whole organization', { exact: false }).waitFor()
    await d.getByText(/refused from anywhere but 10\.0\.0\.0\/8, 127\.0\.0\.1/).waitFor()
    await shot(page, 'explain')
    await page.keyboard.press('Escape')
    await d.waitFor({ state: 'hidden' })
  })

  step('the rule for unused accounts previews before it is switched on', async () => {
    await nav('Settings')
    const section = page.getByRole('region', { name: 'Unused service accounts' })
    await section.getByRole('textbox', { name: 'Unused for (days)' }).fill('30')
    await section.getByText('Today this rule would deactivate no service account').waitFor()
    expect(await section.getByRole('switch').isChecked()).toBe(false)
  })
})
