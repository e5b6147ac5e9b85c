import { generateSync } from 'otplib'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshots, watchConsole } from './support/browser'
import { OWNER, expectSignedIn, firstRunSetup, sessionOf, signIn } from './support/flows'
import { ensureBuilt, startServe, type ServeProcess } from './support/server'

const why = ensureBuilt()
if (why) process.stderr.write(`[e2e] skipping the team suite: ${why}\n`)

const ADA = {
  email: 'ada@acme.test',
  first: 'Ada',
  last: 'Lovelace',
  password: 'analytical engine 1843',
}
const ACCOUNT = 'ingest bot'

describe.skipIf(why !== null)('team mode: two administrators at once (real Chromium)', () => {
  let server: ServeProcess
  let browser: Browser
  let owner: { context: BrowserContext; page: Page; log: () => string }
  let ada: { context: BrowserContext; page: Page; log: () => string }
  const shot = screenshots('team')

  async function open(): Promise<{ context: BrowserContext; page: Page; log: () => string }> {
    // Separate contexts: separate cookie jars, as two people on two machines.
    const context = await browser.newContext()
    const page = await context.newPage()
    return { context, page, log: watchConsole(page) }
  }
  const go = (page: Page, label: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click()
  const explain = (err: unknown) =>
    new Error(
      `${(err as Error).message}\nowner console:\n${owner.log()}\nada console:\n${ada?.log()}\nserver:\n${server.output()}`,
    )

  beforeAll(async () => {
    server = await startServe()
    browser = await launchChromium()
    owner = await open()
    ada = await open()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('the Owner invites Ada; she sets her password with the link and signs in', async () => {
    try {
      const p = owner.page
      await firstRunSetup(p, server.url)
      await signIn(p)
      await expectSignedIn(p)
      await go(p, 'Settings')
      const team = p.getByRole('region', { name: 'Administrators & sign-in' })
      await team.getByRole('button', { name: 'Invite administrator' }).click()
      const form = p.getByRole('dialog', { name: 'Invite an administrator' })
      await form.getByRole('textbox', { name: 'Email' }).fill(ADA.email)
      await form.getByRole('textbox', { name: 'First name' }).fill(ADA.first)
      await form.getByRole('textbox', { name: 'Last name' }).fill(ADA.last)
      await form.getByRole('button', { name: 'Create invitation' }).click()
      const shown = p.getByRole('dialog', { name: 'Invitation link' })
      const link = (await shown.getByLabel('Invitation link').textContent()) ?? ''
      expect(link).toMatch(new RegExp(`^${server.url}/#/invitation/[A-Za-z0-9_-]{43}$`))
      await shot(p, 'invitation-link')
      await shown.getByRole('checkbox', { name: 'I have copied the link' }).check()
      await shown.getByRole('button', { name: 'Close' }).click()
      await team
        .getByRole('row', { name: new RegExp(`${ADA.first} ${ADA.last}`) })
        .getByText('Invited')
        .waitFor()

      const a = ada.page
      await a.goto(link)
      await a.getByRole('heading', { name: 'Choose your password' }).waitFor()
      await a.getByRole('textbox', { name: /^Password/ }).fill(ADA.password)
      await a.getByRole('textbox', { name: /^Confirm password/ }).fill(ADA.password)
      await shot(a, 'choose-password')
      await a.getByRole('button', { name: 'Set password' }).click()
      await a.getByText('Your password is set').waitFor()
      // The secret left the address bar as soon as it was used.
      expect(a.url()).not.toContain('invitation')
      expect(await a.getByRole('textbox', { name: /^Email/ }).inputValue()).toBe(ADA.email)
      await signIn(a, ADA.email, ADA.password)
      await expectSignedIn(a)
      await shot(a, 'ada-signed-in')

      // The link works once.
      const again = await fetch(`${server.url}/auth/invitation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: link.split('/').pop() }),
      })
      expect(again.status).toBe(404)
    } catch (err) {
      throw explain(err)
    }
  })

  it('both edit the same service account: the second sees who changed it, nothing is overwritten', async () => {
    try {
      const { cookie, csrf } = await sessionOf(owner.page)
      const created = await fetch(`${server.url}/rpc/serviceAccounts:create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: JSON.stringify({ name: ACCOUNT, role: 'AD' }),
      })
      expect(((await created.json()) as { ok: boolean }).ok).toBe(true)
      for (const who of [owner, ada]) {
        await go(who.page, 'Service Accounts')
        await who.page.getByRole('table', { name: 'Service accounts' }).getByText(ACCOUNT).waitFor()
        await who.page.getByRole('button', { name: `Actions for ${ACCOUNT}` }).click()
        await who.page.getByRole('menuitem', { name: 'Change role' }).click()
      }
      const ownerDialog = owner.page.getByRole('dialog', { name: `Change role of ${ACCOUNT}` })
      await ownerDialog.getByRole('radio', { name: 'Deactivated' }).check()
      await ownerDialog.getByRole('button', { name: 'Save role' }).click()
      await ownerDialog.waitFor({ state: 'detached' })

      const adaDialog = ada.page.getByRole('dialog', { name: `Change role of ${ACCOUNT}` })
      await adaDialog.getByRole('radio', { name: 'Manager' }).check()
      await adaDialog.getByRole('button', { name: 'Save role' }).click()
      const alert = adaDialog
        .getByRole('alert')
        .filter({ hasText: 'Someone else changed this account' })
      await alert.waitFor()
      expect(await alert.textContent()).toMatch(
        new RegExp(`“${ACCOUNT}” was changed by ${OWNER.name} at \\d\\d:\\d\\d UTC`),
      )
      await shot(ada.page, 'conflict')
      // She starts again from what the Owner saved, and reactivates it as an Administrator.
      await alert.getByRole('button', { name: 'Show the current values' }).click()
      const fresh = ada.page.getByRole('dialog', { name: `Change role of ${ACCOUNT}` })
      expect(await fresh.getByRole('radio', { name: 'Deactivated' }).isChecked()).toBe(true)
      await fresh.getByRole('radio', { name: 'Administrator' }).check()
      await fresh.getByRole('button', { name: 'Save role' }).click()
      await fresh.waitFor({ state: 'detached' })
    } catch (err) {
      throw explain(err)
    }
  })

  it('the Activity Log names who did each change and filters by it', async () => {
    try {
      const p = owner.page
      await go(p, 'Activity Log')
      const filters = p.getByRole('search', { name: 'Activity filters' })
      await filters.getByRole('combobox', { name: 'Kind' }).click()
      await p.getByRole('option', { name: 'Admin actions' }).click()
      const row = (text: string) => p.getByRole('row').filter({ hasText: text })
      await row(`Deactivated the service account ${ACCOUNT}`)
        .filter({ hasText: OWNER.email })
        .waitFor()
      await row(`Reactivated the service account ${ACCOUNT}`)
        .filter({ hasText: ADA.email })
        .waitFor()
      await row('Invited').filter({ hasText: OWNER.email }).waitFor()

      await filters.getByRole('combobox', { name: 'Done by' }).click()
      await p.getByRole('option', { name: new RegExp(ADA.email) }).click()
      await row(`Reactivated the service account ${ACCOUNT}`).waitFor()
      await expect.poll(() => row(`Deactivated the service account ${ACCOUNT}`).count()).toBe(0)
      expect(p.url()).toMatch(/actor=\d+/)
      await shot(p, 'activity-done-by-ada')
    } catch (err) {
      throw explain(err)
    }
  })

  it('each sees their own sessions; the Owner sees both and signs Ada out', async () => {
    try {
      await go(ada.page, 'Settings')
      const adaSessions = ada.page.getByRole('table', { name: 'Sessions' })
      await adaSessions.getByText('(this browser)').waitFor()
      expect(await adaSessions.getByRole('row').count()).toBe(2) // header + her one session

      const p = owner.page
      await go(p, 'Settings')
      const sessions = p.getByRole('table', { name: 'Sessions' })
      await sessions
        .getByRole('row')
        .filter({ hasText: `${ADA.first} ${ADA.last}` })
        .waitFor()
      await shot(p, 'sessions')
      await sessions
        .getByRole('button', { name: new RegExp(`^Sign out ${ADA.first} ${ADA.last}`) })
        .click()
      await expect.poll(() => sessions.getByRole('row').count()).toBe(2)
      // Ada's browser is signed out: opening Tessera again shows the sign-in page.
      await ada.page.reload()
      await ada.page.getByRole('heading', { name: 'Sign in' }).waitFor()
    } catch (err) {
      throw explain(err)
    }
  })

  it('Ada sets up two-step sign-in with the QR code page, then signs in with a recovery code', async () => {
    try {
      const a = ada.page
      await signIn(a, ADA.email, ADA.password)
      await expectSignedIn(a)
      await go(a, 'Settings')
      const team = a.getByRole('region', { name: 'Administrators & sign-in' })
      await team.getByRole('button', { name: 'Set up', exact: true }).click()
      await team.getByRole('button', { name: 'Set up an authenticator app' }).click()
      await team.getByRole('img', { name: 'QR code to scan with an authenticator app' }).waitFor()
      const key = ((await team.getByLabel('Setup key').textContent()) ?? '').replace(/ /g, '')
      expect(key).toMatch(/^[A-Z2-7]{32}$/)
      await shot(a, 'totp-qr-code')
      await team
        .getByRole('textbox', { name: /^Code from the app/ })
        .fill(generateSync({ secret: key, epoch: Math.floor(Date.now() / 1000) }))
      await team.getByRole('button', { name: 'Turn on' }).click()
      const codes = (
        (await team.getByLabel('Recovery codes', { exact: true }).textContent()) ?? ''
      ).split('\n')
      expect(codes).toHaveLength(10)
      await team.getByRole('checkbox', { name: 'I have saved the recovery codes' }).check()
      await team.getByRole('button', { name: 'Done' }).click()
      await team.getByText('On for you').waitFor()

      await a.getByRole('button', { name: 'Sign out', exact: true }).click()
      await signIn(a, ADA.email, ADA.password)
      const code = a.getByRole('textbox', { name: /^Authentication code/ })
      await code.waitFor()
      await shot(a, 'totp-code-asked')
      await code.fill('000000')
      await a.getByRole('button', { name: 'Sign in' }).click()
      await a
        .getByRole('alert')
        .getByText('The code is incorrect or has already been used')
        .waitFor()
      await code.fill(codes[0]!)
      await a.getByRole('button', { name: 'Sign in' }).click()
      await expectSignedIn(a)
    } catch (err) {
      throw explain(err)
    }
  })

  it('when the Owner requires it, a person without it is asked to set it up first', async () => {
    try {
      const p = owner.page
      await go(p, 'Settings')
      await p.getByRole('switch', { name: /Require two-step sign-in/ }).click()
      await p.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor()
      await shot(p, 'totp-required')
      const { cookie, csrf } = await sessionOf(p)
      const res = await fetch(`${server.url}/rpc/org:get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: '{}',
      })
      expect(res.status).toBe(403)
      // Ada has her app set up: nothing changes for her.
      await go(ada.page, 'Members')
      await ada.page.getByRole('heading', { name: 'Members' }).waitFor()
      const hers = await sessionOf(ada.page)
      const ok = await fetch(`${server.url}/rpc/org:get`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: hers.cookie,
          'x-csrf-token': hers.csrf,
        },
        body: '{}',
      })
      expect(ok.status).toBe(200)
    } catch (err) {
      throw explain(err)
    }
  })
})
