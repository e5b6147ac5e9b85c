import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { format, pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rendererLocation } from '../../src/main/window/renderer-location'
import { launchChromium } from './support/browser'

/**
 * Install folders a user may well pick (or a home directory may have). Every character here is
 * legal in a Linux file name; '#', '?' and a literal '%20' are the ones a URL-based check gets
 * wrong most easily.
 */
const FOLDERS = [
  'Program Files',
  '~tessera',
  'builds [2026]',
  'Éléonore',
  "O'Brien",
  'me@work',
  'literal%20space',
  'issue #12',
  'what?',
  'a;b,c&d=e+f',
  'curly {x} (y) !$*',
  'pipe|caret^tick`',
]

/**
 * The URL Electron's `webContents.loadFile(path)` asks Chromium for: the legacy `url.format`
 * with the path as pathname. Unlike pathToFileURL it leaves `~ [ ]` (and more) unescaped, so
 * Chromium's `location.href` differs from pathToFileURL's spelling of the same file.
 */
function loadFileUrl(path: string): string {
  return format({ protocol: 'file', slashes: true, pathname: path })
}

/**
 * What loadFile cannot open at all: url.format leaves '%' unescaped, so Chromium decodes '%20'
 * to a space and looks for another file. Not ours to fix; such a folder still works with a
 * pathToFileURL URL.
 */
const loadFileCannotOpen = (folder: string) => folder.includes('%')

/** What the page functions below touch (DOM types are not in this project's lib). */
type PageGlobals = { location: { hash: string; href: string } }

interface Install {
  folder: string
  indexHtml: string
  sibling: string
  parentIndex: string
}

describe('rendererLocation().isOurs with the URLs Chromium reports (real Chromium)', () => {
  let base: string
  let browser: Browser
  let page: Page
  const installs: Install[] = []

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'tessera-install-'))
    for (const folder of FOLDERS) {
      const renderer = join(base, folder, 'resources', 'app', 'out', 'renderer')
      mkdirSync(renderer, { recursive: true })
      const page = (title: string) => `<!doctype html><meta charset="utf-8"><title>${title}</title>`
      const install: Install = {
        folder,
        indexHtml: join(renderer, 'index.html'),
        sibling: join(renderer, 'other.html'),
        parentIndex: join(renderer, '..', 'index.html'),
      }
      writeFileSync(install.indexHtml, page('ours'))
      writeFileSync(install.sibling, page('sibling'))
      writeFileSync(install.parentIndex, page('parent'))
      installs.push(install)
    }
    browser = await launchChromium(['--allow-file-access-from-files'])
    page = await (await browser.newContext()).newPage()
  })
  afterAll(async () => {
    await browser?.close()
    if (base) rmSync(base, { recursive: true, force: true })
  })

  /** Opens `url` → location.href as Chromium reports it (after `hash`, if given). */
  const hrefOf = async (url: string, hash?: string): Promise<string> => {
    const response = await page.goto(url)
    expect(response?.ok(), `Chromium could not open ${url}`).toBe(true)
    if (hash !== undefined) {
      // As the app's hash router does: same document, another hash.
      await page.evaluate(
        (h) => void ((globalThis as unknown as PageGlobals).location.hash = h),
        hash,
      )
    }
    return await page.evaluate(() => (globalThis as unknown as PageGlobals).location.href)
  }

  it.each(FOLDERS)(
    'recognises index.html under %j, whichever way it was opened',
    async (folder) => {
      const install = installs.find((i) => i.folder === folder)!
      const ours = rendererLocation({ indexHtml: install.indexHtml })
      const urls = [pathToFileURL(install.indexHtml).href]
      if (!loadFileCannotOpen(folder)) urls.push(loadFileUrl(install.indexHtml))
      for (const url of urls) {
        const href = await hrefOf(url)
        expect(ours.isOurs(href), `${href} (opened as ${url})`).toBe(true)
        // Hash routing and a query keep it ours.
        expect(ours.isOurs(await hrefOf(url, '#/service-accounts'))).toBe(true)
        expect(ours.isOurs(await hrefOf(`${url}?from=tray`))).toBe(true)
        // Same directory, other file; the parent folder's index.html.
        expect(ours.isOurs(await hrefOf(pathToFileURL(install.sibling).href))).toBe(false)
        expect(ours.isOurs(await hrefOf(pathToFileURL(install.parentIndex).href))).toBe(false)
      }
    },
  )

  it('a URL-string comparison would have refused some of these installs', async () => {
    // Proves the folders above exercise the problem: for at least `~` and `[ ]` Chromium's
    // href is not pathToFileURL's spelling of the same file.
    const differing: string[] = []
    for (const install of installs) {
      if (loadFileCannotOpen(install.folder)) continue
      const href = await hrefOf(loadFileUrl(install.indexHtml))
      if (href !== pathToFileURL(install.indexHtml).href) differing.push(install.folder)
    }
    expect(differing).toEqual(expect.arrayContaining(['~tessera', 'builds [2026]']))
  })

  it('refuses another install folder whose name only differs by escaping', () => {
    const a = installs.find((i) => i.folder === 'literal%20space')!
    const b = installs.find((i) => i.folder === 'Program Files')!
    const spaced = join(base, 'literal space', 'resources', 'app', 'out', 'renderer', 'index.html')
    const ours = rendererLocation({ indexHtml: a.indexHtml })
    expect(ours.isOurs(pathToFileURL(a.indexHtml).href)).toBe(true)
    // '%20' in the folder name is not a space: that is a different folder.
    expect(ours.isOurs(pathToFileURL(spaced).href)).toBe(false)
    expect(ours.isOurs(loadFileUrl(a.indexHtml))).toBe(false)
    expect(ours.isOurs(pathToFileURL(b.indexHtml).href)).toBe(false)
    // Not file URLs of this machine at all.
    expect(ours.isOurs(`file://evil.test${a.indexHtml}`)).toBe(false)
    expect(ours.isOurs(`https://evil.test${a.indexHtml}`)).toBe(false)
    expect(ours.isOurs(pathToFileURL(a.indexHtml).href.replace('/out/', '%2Fout/'))).toBe(false)
  })
})
