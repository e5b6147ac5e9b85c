import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, ROOT } from '../../e2e/support/server'

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

/** Every file an entry loads through relative require()s (its chunks), with its own text. */
function bundleFiles(entry: string): Map<string, string> {
  const files = new Map<string, string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    const text = readFileSync(file, 'utf8')
    files.set(file, text)
    for (const [, spec] of text.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      visit(resolve(dirname(file), spec!))
    }
  }
  visit(entry)
  return files
}

const bareRequires = (text: string) =>
  [...text.matchAll(/\brequire\("([^".][^"]*)"\)/g)].map(([, spec]) => spec!)

/** ensureBuilt compares out/ with src/ only; the bundler's settings decide these checks too. */
function rebuildIfConfigChanged(): void {
  const built = join(ROOT, 'out', 'main', 'index.js')
  const config = join(ROOT, 'electron.vite.config.ts')
  if (existsSync(built) && statSync(config).mtimeMs <= statSync(built).mtimeMs) return
  execFileSync('flock', ['/tmp/tessera-e2e-build.lock', 'npm', 'run', 'build'], {
    cwd: ROOT,
    stdio: 'pipe',
    timeout: 170_000,
  })
}

let buildProblem: string | null = null
beforeAll(() => {
  buildProblem = ensureBuilt()
  if (buildProblem === null) rebuildIfConfigChanged()
}, 180_000)

describe.each(['index.js', 'cli.js'])('out/main/%s', (entry) => {
  const load = () => {
    expect(buildProblem).toBeNull()
    return bundleFiles(join(ROOT, 'out', 'main', entry))
  }

  it('does not load jose at run time (ESM-only: it is bundled instead)', () => {
    for (const [file, text] of load()) {
      expect(text, file).not.toMatch(/require\("jose(\/[^"]*)?"\)/)
      expect(text, file).not.toMatch(/import\("jose(\/[^"]*)?"\)/)
    }
  })

  it('requires only node built-ins, electron and packages the app ships', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>
    }
    const shipped = new Set(Object.keys(pkg.dependencies ?? {}))
    const builtins = new Set(builtinModules)
    const strays: string[] = []
    for (const [file, text] of load()) {
      for (const spec of bareRequires(text)) {
        const ok =
          spec.startsWith('node:') ||
          builtins.has(spec) ||
          spec === 'electron' ||
          shipped.has(packageOf(spec))
        if (!ok) strays.push(`${file}: ${spec}`)
      }
    }
    expect(strays).toEqual([])
  })
})
