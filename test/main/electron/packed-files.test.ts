import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, posix } from 'node:path'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, freePort, ROOT } from '../../e2e/support/server'
import {
  extractArchive,
  packAppFor,
  readPacked,
  semver,
  type PackedApp,
  type TargetName,
} from './packed-app'

const TARGETS: TargetName[] = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64']
const HOST = `${process.platform}-${process.arch}` as TargetName

/** Left out on purpose by electron-builder.yml although production dependencies (build-only). */
const LEFT_OUT = ['node_modules/node-addon-api']

type LockEntry = { version: string; dev?: boolean }
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}
const nameOf = (root: string) =>
  root.slice(root.lastIndexOf('node_modules/') + 'node_modules/'.length)
const installed = Object.entries(lock.packages).filter(
  ([key]) => key.startsWith('node_modules/') && existsSync(join(ROOT, key)),
)
// npm's own verdict on each installed package: production, or reachable only from devDependencies.
const production = installed.filter(([, it]) => !it.dev)
const productionIds = new Set(production.map(([key, it]) => `${nameOf(key)}@${it.version}`))
const devOnlyIds = new Set(
  installed
    .filter(([key, it]) => it.dev && !productionIds.has(`${nameOf(key)}@${it.version}`))
    .map(([key, it]) => `${nameOf(key)}@${it.version}`),
)
/** Where npm installed each production package (electron-builder re-hoists them when packing). */
const diskRoot = new Map(production.map(([key, it]) => [`${nameOf(key)}@${it.version}`, key]))

interface PackedPackage {
  id: string
  dependencies: Record<string, string>
}
const PACKAGE_ROOT =
  /^(node_modules\/(?:@[^/]+\/)?[^/]+(?:\/node_modules\/(?:@[^/]+\/)?[^/]+)*)\/package\.json$/
/** The packed packages by where they sit in the packed tree. */
function packedPackages(app: PackedApp): Map<string, PackedPackage> {
  const result = new Map<string, PackedPackage>()
  for (const file of app.files.keys()) {
    const root = PACKAGE_ROOT.exec(file)?.[1]
    if (!root) continue
    const pkg = JSON.parse(readPacked(app.resources, file)) as {
      name: string
      version: string
      dependencies?: Record<string, string>
    }
    expect(pkg.name, file).toBe(nameOf(root))
    result.set(root, { id: `${pkg.name}@${pkg.version}`, dependencies: pkg.dependencies ?? {} })
  }
  return result
}

/** Node's lookup of a bare `name` from a package at `root`: each node_modules up the tree. */
function resolveIn(packages: Map<string, PackedPackage>, root: string, name: string) {
  for (let dir = root; ; dir = dir.slice(0, dir.lastIndexOf('/node_modules/'))) {
    const found = packages.get(`${dir}/node_modules/${name}`)
    if (found) return found
    if (!dir.includes('/node_modules/')) return packages.get(`node_modules/${name}`)
  }
}

/** A package's JavaScript and JSON on disk, without what the packager leaves out by rule. */
function runtimeFiles(pkg: string): string[] {
  const result: string[] = []
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`
      if (entry.isDirectory()) {
        // electron-builder drops a package's top-level test/example folders and .bin; our
        // configuration drops docs and benchmarks anywhere, and better-sqlite3's build inputs;
        // nested packages are their own.
        const dropped =
          entry.name === 'node_modules' ||
          ['docs', 'benchmark', 'benchmarks'].includes(entry.name) ||
          (depth === 0 &&
            /^(test|tests|__tests__|powered-test|examples?|\.bin)$/.test(entry.name)) ||
          (depth === 0 && nameOf(pkg) === 'better-sqlite3' && ['deps', 'src'].includes(entry.name))
        if (!dropped) walk(rel, depth + 1)
      } else if (/\.(c|m)?js$|\.json$/.test(entry.name) && entry.name !== 'package-lock.json') {
        result.push(rel)
      }
    }
  }
  walk(pkg, 0)
  return result
}

let packed = new Map<TargetName, PackedApp>()
let buildProblem: string | null = null
beforeAll(async () => {
  buildProblem = ensureBuilt()
  if (buildProblem === null) packed = await packAppFor(TARGETS)
}, 240_000)
afterAll(() => {
  const first = [...packed.values()][0]
  if (first) rmSync(dirname(dirname(first.resources)), { recursive: true, force: true })
})

const app = (target: TargetName) => {
  expect(buildProblem).toBeNull()
  const result = packed.get(target)
  expect(result, `electron-builder packed ${target}`).toBeDefined()
  return result!
}

describe.each(TARGETS)('the app electron-builder packs for %s', (target) => {
  const [os, arch] = target.split('-') as [string, string]
  const binary = `node_modules/better-sqlite3/prebuilds/${target}.node`

  it('holds package.json and the built main, preload and renderer, without source maps', () => {
    const { files } = app(target)
    for (const file of ['package.json', 'out/main/index.js', 'out/preload/index.js']) {
      expect(files.has(file), file).toBe(true)
    }
    expect(files.has('out/renderer/index.html')).toBe(true)
    // What the window loads next: the scripts and styles index.html names.
    const html = readPacked(app(target).resources, 'out/renderer/index.html')
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map(([, it]) => it!)
    expect(assets.length).toBeGreaterThan(0)
    for (const asset of assets) expect(files.has(`out/renderer/${asset}`), asset).toBe(true)
    expect(files.has(posix.normalize(manifest.main)), `package.json main ${manifest.main}`).toBe(
      true,
    )
    expect([...files.keys()].filter((file) => file.endsWith('.map'))).toEqual([])
  })

  it('holds nothing of the project but package.json and out/', () => {
    const strays = [...app(target).files.keys()].filter(
      (file) =>
        file !== 'package.json' && !file.startsWith('out/') && !file.startsWith('node_modules/'),
    )
    expect(strays).toEqual([])
  })

  it('holds exactly the production packages npm installed, none reachable only from devDependencies', () => {
    const packages = packedPackages(app(target))
    const ids = new Set([...packages.values()].map((it) => it.id))
    const leftOut = new Set(LEFT_OUT.map((key) => `${nameOf(key)}@${lock.packages[key]!.version}`))
    expect([...ids].sort()).toEqual([...productionIds].filter((id) => !leftOut.has(id)).sort())
    expect([...ids].filter((id) => devOnlyIds.has(id))).toEqual([])
    const names = new Set([...packages.keys()].map(nameOf))
    for (const name of [...Object.keys(manifest.devDependencies), 'app-builder-lib', 'esbuild']) {
      expect(names.has(name), name).toBe(false)
    }
    for (const name of Object.keys(manifest.dependencies)) expect(names.has(name), name).toBe(true)
  })

  it('resolves every dependency of every packed package inside the packed tree, in range', () => {
    const packages = packedPackages(app(target))
    const broken: string[] = []
    for (const [root, pkg] of packages) {
      for (const [name, range] of Object.entries(pkg.dependencies)) {
        if (LEFT_OUT.includes(`node_modules/${name}`)) continue
        const found = resolveIn(packages, root, name)
        if (!found || !semver.satisfies(found.id.slice(name.length + 1), range)) {
          broken.push(`${pkg.id} → ${name}@${range}: ${found?.id ?? 'missing'}`)
        }
      }
    }
    expect(broken).toEqual([])
  })

  it("keeps every production package's JavaScript and JSON", () => {
    const { files } = app(target)
    const missing: string[] = []
    for (const [root, pkg] of packedPackages(app(target))) {
      const onDisk = diskRoot.get(pkg.id)!
      for (const file of runtimeFiles(onDisk)) {
        const packedAs = `${root}${file.slice(onDisk.length)}`
        if (!files.has(packedAs)) missing.push(packedAs)
      }
    }
    expect(missing).toEqual([])
  })

  it(`keeps better-sqlite3's ${target} binary outside the asar, and no C sources`, () => {
    const { files, resources } = app(target)
    expect(files.get(binary)).toMatchObject({ unpacked: true })
    const onDisk = join(resources, 'app.asar.unpacked', binary)
    expect(statSync(onDisk).size).toBe(statSync(join(ROOT, binary)).size)
    const prebuilds = [...files.keys()].filter((f) =>
      f.startsWith('node_modules/better-sqlite3/prebuilds/'),
    )
    expect(prebuilds.every((f) => f.endsWith(`-${arch}.node`) && !f.includes('musl'))).toBe(true)
    const sqlite = [...files.keys()].filter((f) => f.startsWith('node_modules/better-sqlite3/'))
    expect(sqlite.filter((f) => /\.(c|cc|cpp|h|hpp|gyp|gypi)$|\/(deps|src)\//.test(f))).toEqual([])
    expect([...files.keys()].filter((f) => f.endsWith('sqlite3.c'))).toEqual([])
  })

  it('unpacks every native file and nothing else (smartUnpack is off: only asarUnpack unpacks)', () => {
    const { files, resources } = app(target)
    const native = [...files].filter(([file]) => /\.(node|so|dylib|dll|exe)$/.test(file))
    expect(native.filter(([, it]) => !it.unpacked).map(([file]) => file)).toEqual([])
    const unpacked = [...files].filter(([, it]) => it.unpacked).map(([file]) => file)
    expect(
      unpacked.every((file) => file.startsWith('node_modules/better-sqlite3/prebuilds/')),
    ).toBe(true)
    const unpackedDir = join(resources, 'app.asar.unpacked')
    const onDisk = readdirSync(unpackedDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => posix.relative(unpackedDir, join(entry.parentPath, entry.name)))
    expect(onDisk.sort()).toEqual(unpacked.sort())
  })

  it("sends the main bundle's require('better-sqlite3') to that unpacked binary", () => {
    const { files, resources } = app(target)
    const archive = join(resources, 'app.asar')
    const main = readPacked(resources, 'out/main/index.js')
    const chunks = [...main.matchAll(/require\("\.\/(chunks\/[^"]+)"\)/g)].map(([, c]) => c!)
    for (const chunk of chunks) expect(files.has(`out/main/${chunk}`), chunk).toBe(true)
    const bundle = [main, ...chunks.map((c) => readPacked(resources, `out/main/${c}`))]
    expect(bundle.some((text) => text.includes('require("better-sqlite3")'))).toBe(true)

    // Node's lookup from out/main: node_modules/better-sqlite3, its package.json "exports".
    const pkgDir = 'node_modules/better-sqlite3'
    const pkg = JSON.parse(readPacked(resources, `${pkgDir}/package.json`)) as {
      exports: Record<string, string>
    }
    const entry = posix.join(pkgDir, pkg.exports['.']!)
    expect(files.has(entry), entry).toBe(true)
    expect(readPacked(resources, entry)).toMatch(/require\('\.\/binding'\)\.getBinding/)

    // Its default loader, run as Electron would run it from inside app.asar on that platform:
    // fs sees the archive's entries (unpacked ones too), and the .node require is recorded.
    const inArchive = (path: string) => {
      const rel = posix.relative(archive, path)
      return (
        !rel.startsWith('..') && [...files.keys()].some((f) => f === rel || f.startsWith(`${rel}/`))
      )
    }
    const loaded: string[] = []
    const sandbox = { exports: {} as { getBinding?: () => unknown } }
    runInNewContext(readPacked(resources, `${pkgDir}/lib/binding.js`), {
      module: sandbox,
      exports: sandbox.exports,
      __dirname: posix.join(archive, pkgDir, 'lib'),
      process: { platform: os, arch },
      require: (id: string) => {
        if (id === 'fs') {
          // /proc/self/maps of a glibc process, which is what Electron on Linux is.
          return {
            existsSync: inArchive,
            readFileSync: () => '7f0000000000 r-xp /usr/lib/x86_64-linux-gnu/libc.so.6\n',
          }
        }
        if (id === 'path') return posix
        if (id.endsWith('.node')) return loaded.push(id)
        throw new Error(`binding.js required ${id}`)
      },
    })
    sandbox.exports.getBinding!()
    expect(loaded.map((file) => posix.relative(archive, file))).toEqual([binary])
    // Electron answers that app.asar path from app.asar.unpacked, where the file is.
    expect(files.get(binary)?.unpacked).toBe(true)
  })
})

describe.runIf(TARGETS.includes(HOST))(`the packed ${HOST} app, unpacked to a folder`, () => {
  it('serves its admin UI with its own node_modules and a real database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-packed-run-'))
    try {
      extractArchive(app(HOST).resources, join(dir, 'app'))
      const port = await freePort()
      const child = spawn(
        process.execPath,
        ['out/main/cli.js', 'serve', '--db', join(dir, 'tessera.db'), '--port', String(port)],
        { cwd: join(dir, 'app'), env: { ...process.env, NODE_PATH: '' }, stdio: 'pipe' },
      )
      let log = ''
      child.stdout.on('data', (d: Buffer) => (log += d.toString()))
      child.stderr.on('data', (d: Buffer) => (log += d.toString()))
      try {
        let health: Response | null = null
        for (let i = 0; i < 100 && !health && child.exitCode === null; i++) {
          health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null)
          if (!health) await new Promise((r) => setTimeout(r, 200))
        }
        expect(health?.ok, log).toBe(true)
        const page = await fetch(`http://127.0.0.1:${port}/`)
        expect(await page.text()).toMatch(/<div id="root">/)
        expect(existsSync(join(dir, 'tessera.db'))).toBe(true)
      } finally {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r))
          child.kill('SIGTERM')
          await exited
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
