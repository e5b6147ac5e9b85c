import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keyFileFor, parseLogKeys } from '../../src/main/engine/activity/log-keys'
import { verifyReceived } from '../../src/main/engine/streams/received'
import { startRsyslog, type Receiver } from '../support/rsyslog'
import { launchChromium, screenshots, watchConsole } from './support/browser'
import { expectSignedIn, firstRunSetup, signIn } from './support/flows'
import { ensureBuilt, startServe, type ServeProcess } from './support/server'

const why = ensureBuilt()

describe.skipIf(why !== null)(
  'serve mode: Settings → Log streaming to rsyslog (real Chromium)',
  () => {
    let server: ServeProcess
    let rs: Receiver
    let browser: Browser
    let page: Page
    let consoleLog: () => string
    const dir = mkdtempSync(join(tmpdir(), 'tessera-e2e-streams-'))
    const shot = screenshots('log-streaming')

    beforeAll(async () => {
      rs = await startRsyslog(join(dir, 'rs'))
      server = await startServe()
      browser = await launchChromium()
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
      page.setDefaultTimeout(20_000)
      consoleLog = watchConsole(page)
    })
    afterAll(async () => {
      await browser?.close()
      await server?.stop()
      await rs?.stop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('the Owner adds a stream, it delivers the log with its chain, a test event arrives, a dead receiver shows Failing', async () => {
      try {
        await firstRunSetup(page, server.url)
        await signIn(page)
        await expectSignedIn(page)
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Settings' })
          .click()
        const section = page.getByRole('region', { name: 'Log streaming' })
        await section.getByRole('button', { name: 'Add a log stream' }).click()
        const form = section.getByRole('form', { name: 'Add a log stream' })
        await form.getByRole('textbox', { name: 'Name' }).fill('SIEM relay')
        await form.getByRole('textbox', { name: 'Address' }).fill(`tcp://127.0.0.1:${rs.port}`)
        await form.getByRole('button', { name: 'Add stream' }).click()
        const table = section.getByRole('table', { name: 'Log streams' })
        await table.getByText('SIEM relay').waitFor()
        await shot(page, 'added')

        // What the admin just did is in the log, and the log reaches rsyslog with its chain.
        await expect
          .poll(() => rs.lines().some((l) => /action="stream.add"/.test(l)), { timeout: 20_000 })
          .toBe(true)
        // serve keys the log with the key file beside its database: check with that key.
        const logKey = parseLogKeys(readFileSync(keyFileFor(server.dbPath), 'utf8')).hmacKey
        const verdict = verifyReceived(
          readFileSync(join(dir, 'rs', 'received.log'), 'utf8'),
          logKey,
        )
        expect(verdict, verdict.message).toMatchObject({ intact: true })
        await table.getByText('Delivering', { exact: true }).waitFor({ timeout: 20_000 })

        await table.getByRole('button', { name: 'Send test event' }).click()
        await table
          .getByRole('status')
          .filter({ hasText: `Test event sent to tcp://127.0.0.1:${rs.port}` })
          .waitFor()
        await expect
          .poll(() => rs.lines().some((l) => / test \[tessera@32473 type="test"/.test(l)))
          .toBe(true)

        // The receiver goes away: the stream says so, on Settings and on the Organization screen.
        await rs.stop()
        await table.getByText('Failing', { exact: true }).waitFor({ timeout: 30_000 })
        expect(
          await table
            .getByText(/^Failing since .* — tcp:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/)
            .count(),
        ).toBe(1)
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Organization' })
          .click()
        await page.getByText('A log stream is failing').waitFor()
        expect(
          await page.getByText(/SIEM relay: Failing since .* — tcp:\/\/127\.0\.0\.1:\d+/).count(),
        ).toBe(1)
        await shot(page, 'failing')
      } catch (err) {
        await shot(page, 'FAILED').catch(() => {})
        throw new Error(
          `${(err as Error).message}\n--- browser console:\n${consoleLog()}\n--- server:\n${server.output().slice(-3000)}`,
        )
      }
    }, 120_000)
  },
)
