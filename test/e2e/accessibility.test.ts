import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, launchChromium, screenshots, watchConsole } from './support/browser'
import { expectSignedIn, firstRunSetup, signIn } from './support/flows'
import { ensureBuilt, startServe, type ServeProcess } from './support/server'

const why = ensureBuilt()
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

/** What axe reports per violated rule (the page functions below run without DOM types). */
interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}
type AxeGlobal = {
  axe?: { run(context: unknown, options: object): Promise<{ violations: Violation[] }> }
  document: { getAnimations(): { finished: Promise<unknown> }[] }
}
interface Finding {
  screen: string
  scheme: string
  rule: string
  impact: string
  help: string
  targets: string[]
}

const SCHEMES = ['light', 'dark'] as const
type Scheme = (typeof SCHEMES)[number]

const SCREENS = [
  { name: 'Organization', path: '/' },
  { name: 'Members', path: '/members' },
  { name: 'Service accounts', path: '/service-accounts' },
  { name: 'Workspaces & Projects', path: '/workspaces' },
  { name: 'Activity log', path: '/activity' },
  { name: 'Performance', path: '/performance' },
  { name: 'Settings', path: '/settings' },
] as const

const BLOCKING = new Set(['serious', 'critical'])

/**
 * WCAG 2.1 AA in a real browser: axe-core checks every screen and dialog of the demo
 * organization in the light and the dark theme, and a serious or critical violation fails the
 * step that found it (rule, element and screen in the message). Screenshots of each go to
 * artifacts/e2e/, and every finding (blocking or not) to accessibility-findings.json.
 */
describe.skipIf(why !== null)('serve mode: accessibility of every screen (real Chromium)', () => {
  let server: ServeProcess
  let browser: Browser
  let page: Page
  let consoleLog: () => string
  const shot = screenshots('a11y')
  const findings: Finding[] = []

  const dialog = (name: string | RegExp) => page.getByRole('dialog', { name })
  const rowMenu = () => page.getByRole('button', { name: 'Actions for labeling-bot' })
  const open = async (path: string) => {
    await page.goto(`${server.url}/#${path}`)
    await page.getByRole('heading', { level: 1 }).first().waitFor()
  }
  /** Waits for loaders to go and transitions (dialogs fading in) to end. */
  const settle = async () => {
    await expect.poll(() => page.locator('.mantine-Loader-root').count()).toBe(0)
    // Two frames first: a transition starts on the frame after the element mounts.
    await page.evaluate(async () => {
      const g = globalThis as unknown as AxeGlobal & {
        requestAnimationFrame(cb: () => void): void
      }
      for (let i = 0; i < 2; i++) await new Promise<void>((r) => g.requestAnimationFrame(r))
      // A cancelled transition rejects `finished`; it is over all the same.
      await Promise.all(g.document.getAnimations().map((a) => a.finished.catch(() => {})))
    })
  }
  /** Serious and critical violations found in the current step; the step fails on any. */
  let blocking: string[] = []
  /**
   * Runs axe on the page as it is now, or only on `within` (a dialog, a menu, the toasts: the
   * screen under its overlay is checked on its own), and records what it finds.
   */
  const check = async (scheme: Scheme, screen: string, within?: string) => {
    await settle()
    await shot(page, `${scheme}-${screen}`)
    const loaded = await page.evaluate(() => Boolean((globalThis as unknown as AxeGlobal).axe))
    if (!loaded) await page.addScriptTag({ content: AXE_SOURCE })
    const violations = await page.evaluate(
      (context) =>
        (globalThis as unknown as AxeGlobal & { document: unknown }).axe!.run(
          context ?? (globalThis as unknown as { document: unknown }).document,
          { resultTypes: ['violations'] },
        ),
      within ?? null,
    )
    const found = violations.violations.map((v) => ({
      screen,
      scheme,
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      // The element, and why (for contrast: the ratio and both colours).
      targets: v.nodes.map(
        (n) =>
          `${n.target.map(String).join(' ')} — ${(n.failureSummary ?? '').split('\n').pop()?.trim()}`,
      ),
    }))
    findings.push(...found)
    for (const f of found.filter((x) => BLOCKING.has(x.impact))) {
      const more = f.targets.length > 5 ? `\n    … and ${f.targets.length - 5} more` : ''
      blocking.push(
        `[${f.impact}] ${f.rule} on ${screen} (${scheme}): ${f.help}\n    ${f.targets.slice(0, 5).join('\n    ')}${more}`,
      )
    }
  }
  const setScheme = async (scheme: Scheme) => {
    const toggle = page.getByRole('button', { name: `Switch to ${scheme} theme` })
    if ((await toggle.count()) > 0) await toggle.click()
    await expect
      .poll(() => page.locator('html').getAttribute('data-mantine-color-scheme'))
      .toBe(scheme)
  }
  const step = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      blocking = []
      try {
        await body()
      } catch (err) {
        await shot(page, `FAILED-${name}`).catch(() => {})
        // The next step starts from a fresh page, so one failure does not hide the others.
        await page.keyboard.press('Escape').catch(() => {})
        await page.reload().catch(() => {})
        throw new Error(`${(err as Error).message}\n--- browser console:\n${consoleLog()}`)
      }
      if (blocking.length > 0) {
        throw new Error(`serious or critical accessibility violations:\n${blocking.join('\n')}`)
      }
    })

  beforeAll(async () => {
    server = await startServe(['--demo'])
    browser = await launchChromium()
    // axe is injected as an inline script, which the app's Content-Security-Policy forbids.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    })
    page = await context.newPage()
    page.setDefaultTimeout(15_000)
    consoleLog = watchConsole(page)
    await firstRunSetup(page, server.url)
  })
  afterAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    writeFileSync(
      join(ARTIFACTS, 'accessibility-findings.json'),
      `${JSON.stringify(findings, null, 2)}\n`,
    )
    await browser?.close()
    await server?.stop()
  })

  step('light: the sign-in page has no serious violations', async () => {
    await check('light', 'sign-in')
    await signIn(page)
    await expectSignedIn(page)
  })

  step('the first Tab reaches "Skip to main content", which moves focus to the page', async () => {
    await open('/members')
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to main content' })
    expect(await skip.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
    await page.keyboard.press('Enter')
    const main = page.getByRole('main')
    expect(await main.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
  })

  for (const scheme of SCHEMES) {
    for (const screen of SCREENS) {
      step(`${scheme}: ${screen.name} has one H1 and no serious violations`, async () => {
        await open(screen.path)
        await setScheme(scheme)
        expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1)
        await check(scheme, screen.name)
      })
    }

    step(`${scheme}: the service-account row menu and the leak check`, async () => {
      await open('/service-accounts')
      await rowMenu().click()
      await page.getByRole('menu').waitFor()
      await check(scheme, 'row menu', '[role="menu"]')
      await page.keyboard.press('Escape')
      await page.getByRole('button', { name: 'Check for leaked tokens' }).click()
      await dialog('Check for leaked tokens').waitFor()
      await check(scheme, 'leak check dialog', '[role="dialog"]')
      await page.keyboard.press('Escape')
    })

    step(`${scheme}: delete confirmation`, async () => {
      await open('/service-accounts')
      await rowMenu().click()
      await page.getByRole('menuitem', { name: 'Delete' }).click()
      const d = dialog('Delete labeling-bot?')
      await d.waitFor()
      await check(scheme, 'delete dialog', '[role="dialog"]')
      await d.getByRole('button', { name: 'Cancel' }).click()
      await d.waitFor({ state: 'hidden' })
    })

    step(`${scheme}: reset token, the token shown once, focus back on the row menu`, async () => {
      await open('/service-accounts')
      await rowMenu().click()
      await page.getByRole('menuitem', { name: 'Reset Token' }).click()
      const confirm = dialog('Reset the token of labeling-bot?')
      await confirm.waitFor()
      await check(scheme, 'reset token dialog', '[role="dialog"]')
      await confirm.getByRole('button', { name: 'Reset token' }).click()
      const token = dialog('New token issued')
      await token.waitFor()
      await check(scheme, 'token dialog', '[role="dialog"]')
      await token.getByRole('checkbox', { name: 'I have copied the token' }).check()
      await token.getByRole('button', { name: 'Close' }).click()
      await token.waitFor({ state: 'hidden' })
      await expect
        .poll(() => rowMenu().evaluate((el) => el === el.ownerDocument.activeElement))
        .toBe(true)
    })

    // The Owner raises the quota directly (an Administrator would send a request).
    step(`${scheme}: raise the service-account quota, and its toast`, async () => {
      await open('/service-accounts')
      await page.getByRole('button', { name: 'Raise the service-account quota' }).click()
      const d = dialog('Raise the service-account quota')
      await d.waitFor()
      await check(scheme, 'quota dialog', '[role="dialog"]')
      await d.getByRole('textbox', { name: 'Reason' }).fill('Accessibility checks')
      await d.getByRole('button', { name: 'Raise quota' }).click()
      await d.waitFor({ state: 'hidden' })
      // A toast closes itself after a few seconds unless the pointer rests on it.
      const toast = page.getByRole('alert').filter({ hasText: 'Quota raised' })
      await toast.hover()
      await check(scheme, 'toast', '.mantine-Notifications-root')
    })

    step(`${scheme}: create a service account`, async () => {
      await open('/service-accounts')
      await page.getByRole('button', { name: 'Create service account' }).click()
      const d = dialog('Create service account')
      await d.waitFor()
      await check(scheme, 'create service account dialog', '[role="dialog"]')
      await d.getByRole('textbox', { name: 'Name' }).fill(`a11y-bot-${scheme}`)
      await d.getByRole('radio', { name: 'Administrator' }).check()
      await d.getByRole('button', { name: 'Create', exact: true }).click()
      const token = dialog('Service account created')
      await token.waitFor()
      await token.getByRole('checkbox', { name: 'I have copied the token' }).check()
      await token.getByRole('button', { name: 'Close' }).click()
      await token.waitFor({ state: 'hidden' })
    })

    step(`${scheme}: an activity entry's drawer`, async () => {
      await open('/activity')
      const rows = page.getByRole('table', { name: 'Activity log' }).getByRole('row')
      await rows.nth(1).click()
      const d = dialog(/^Activity entry \d+$/)
      await d.waitFor()
      await check(scheme, 'activity entry drawer', '[role="dialog"]')
      await page.keyboard.press('Escape')
      await d.waitFor({ state: 'hidden' })
    })

    step(`${scheme}: dialogs on Members and Workspaces`, async () => {
      await open('/members')
      await page.getByRole('button', { name: 'Add person' }).click()
      await dialog('Add a person').waitFor()
      await check(scheme, 'add person dialog', '[role="dialog"]')
      await page.keyboard.press('Escape')
      await open('/workspaces')
      await page.getByRole('button', { name: 'Create workspace' }).click()
      await dialog('Create workspace').waitFor()
      await check(scheme, 'create workspace dialog', '[role="dialog"]')
      await page.keyboard.press('Escape')
    })
  }

  step('at 760 px wide nothing is clipped or wider than the window', async () => {
    await page.setViewportSize({ width: 760, height: 900 })
    const clipped: string[] = []
    for (const screen of SCREENS) {
      await open(screen.path)
      await settle()
      await shot(page, `760px-${screen.name}`)
      // Boxes that hide or scroll away part of their content, deliberate ellipses aside.
      const found = await page.evaluate(() => {
        type El = {
          tagName: string
          className: unknown
          scrollWidth: number
          clientWidth: number
          getAttribute(name: string): string | null
        }
        const g = globalThis as unknown as {
          document: { documentElement: El; querySelectorAll(s: string): Iterable<El> }
          getComputedStyle(el: El): Record<string, string>
        }
        const out: string[] = []
        const root = g.document.documentElement
        if (root.scrollWidth > root.clientWidth) {
          out.push(`the page: ${root.scrollWidth} px in ${root.clientWidth} px`)
        }
        for (const el of g.document.querySelectorAll('main *, header *')) {
          const cs = g.getComputedStyle(el)
          // Scrolling regions are fine (a data table may scroll sideways); a box that cuts
          // its content off is not. Deliberate ellipses, screen-reader-only text and the few
          // pixels a switch's thumb overhangs its track are not clipping.
          const clips =
            ['hidden', 'clip'].includes(cs.overflowX!) || /strict|paint|content/.test(cs.contain!)
          const ellipsis = cs.textOverflow === 'ellipsis' || cs.webkitLineClamp !== 'none'
          const decoration = el.clientWidth < 48 || String(el.className).includes('VisuallyHidden')
          if (clips && !ellipsis && !decoration && el.scrollWidth > el.clientWidth + 1) {
            const name = el.getAttribute('aria-label') ?? String(el.className).slice(0, 60)
            out.push(`${el.tagName} ${name}: ${el.scrollWidth} px in ${el.clientWidth} px`)
          }
        }
        return out
      })
      clipped.push(...found.map((f) => `${screen.name}: ${f}`))
    }
    expect(clipped, `clipped at 760 px:\n${clipped.join('\n')}`).toEqual([])
  })
})
