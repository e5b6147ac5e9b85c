import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { ROOT } from './server'

export const CHROMIUM = '/usr/bin/chromium'
export const ARTIFACTS = join(ROOT, 'artifacts/e2e')

/** Debian's Chromium, headless; `extraArgs` add switches (e.g. `--allow-file-access-from-files`). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: apt-get update && apt-get install -y chromium`,
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  })
}

/** Screenshots named `<suite>-<NN>-<step>.png`, in the order taken. */
export function screenshots(suite: string) {
  mkdirSync(ARTIFACTS, { recursive: true })
  // A fresh set per run: stale shots from an earlier run would pass for this one's.
  for (const f of readdirSync(ARTIFACTS)) if (f.startsWith(`${suite}-`)) rmSync(join(ARTIFACTS, f))
  let n = 0
  return async (page: Page, step: string): Promise<void> => {
    n += 1
    const name = `${suite}-${String(n).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`
    await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true })
  }
}

/** Collects page errors and failed console messages, to print when a step fails. */
export function watchConsole(page: Page): () => string {
  const lines: string[] = []
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') lines.push(`${m.type()}: ${m.text()}`)
  })
  return () => lines.join('\n')
}
