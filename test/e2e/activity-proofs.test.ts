import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  keyFileFor,
  parseLogKeys,
  publicKeyFingerprint,
} from '../../src/main/engine/activity/log-keys'
import { checkProof } from '../../src/main/engine/activity/proof-format'
import { verifierKey } from '../../src/main/engine/activity/signed-note'
import { launchChromium, screenshots, watchConsole } from './support/browser'
import { expectSignedIn, firstRunSetup, signIn } from './support/flows'
import { ensureBuilt, startServe, type ServeProcess } from './support/server'

const why = ensureBuilt()

/**
 * Serve mode keeps its activity log key in a 0600 file beside the database; the admin UI shows
 * the key's fingerprint in Settings and downloads an inclusion proof of an entry that checks
 * with the public key alone.
 */
describe.skipIf(why !== null)('serve mode: activity log proofs (real Chromium)', () => {
  let server: ServeProcess
  let browser: Browser
  let page: Page
  let consoleLog: () => string
  const shot = screenshots('activity-proofs')
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
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    })
    page = await context.newPage()
    page.setDefaultTimeout(15_000)
    consoleLog = watchConsole(page)
    await firstRunSetup(page, server.url)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const keys = () => parseLogKeys(readFileSync(keyFileFor(server.dbPath), 'utf8'))

  step('Settings shows the fingerprint of the key in the file beside the database', async () => {
    await page.goto(`${server.url}/#/settings`)
    await signIn(page)
    await expectSignedIn(page)
    const section = page.getByRole('region', { name: 'Activity log proofs' })
    await section.getByText(/^SHA256:/).waitFor()
    expect(await section.getByText(/^SHA256:/).innerText()).toBe(
      publicKeyFingerprint(keys().publicKey),
    )
    await shot(page, 'settings-proofs')
  })

  step('Download proof in an entry’s detail panel saves a proof that verifies', async () => {
    await page.goto(`${server.url}/#/activity`)
    const table = page.getByRole('table', { name: 'Activity log' })
    await table.getByRole('row').nth(3).click()
    const drawer = page.getByRole('dialog', { name: /Activity entry/ })
    await drawer.waitFor()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      drawer.getByRole('button', { name: 'Download proof' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^activity-entry-\d+-proof\.json$/)
    const proof = JSON.parse(readFileSync(await download.path(), 'utf8')) as unknown
    const k = keys()
    expect(checkProof(proof, verifierKey(k.origin, k.publicKey))).toMatchObject({ ok: true })
    await shot(page, 'proof-downloaded')
  })
})
