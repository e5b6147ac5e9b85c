#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .electron-native/, beside (not instead of) the
// Node build in node_modules that the tests use. The desktop app passes the result to
// better-sqlite3 as `nativeBinding` (src/main/bootstrap.ts). Usage:
//   node scripts/build-electron-native.mjs [--force]
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const outDir = join(root, '.electron-native')
const target = join(outDir, 'better-sqlite3')
const binary = join(target, 'build', 'Release', 'better_sqlite3.node')
const stampFile = join(target, '.tessera-build.json')
const logFile = join(outDir, 'build.log')
const DIST_URL = 'https://electronjs.org/headers'

/** One clear line on stderr, then exit non-zero: callers (npm start/dev/dist) stop there. */
function die(message) {
  console.error(`native:electron: ${message}`)
  process.exit(1)
}

function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version
  } catch {
    return null
  }
}

const electronVersion = versionOf('electron')
const sqliteVersion = versionOf('better-sqlite3')
if (!electronVersion) die('electron is not installed (run `npm ci` first).')
if (!sqliteVersion) die('better-sqlite3 is not installed (run `npm ci` first).')

const stamp = { electron: electronVersion, betterSqlite3: sqliteVersion, arch: process.arch }
const force = process.argv.includes('--force')
if (!force && existsSync(binary) && existsSync(stampFile)) {
  try {
    const previous = JSON.parse(readFileSync(stampFile, 'utf8'))
    if (JSON.stringify(previous) === JSON.stringify(stamp)) {
      console.log(
        `native:electron: better-sqlite3 ${sqliteVersion} already built for Electron ` +
          `${electronVersion} (${relative(root, binary)}); skipping.`,
      )
      process.exit(0)
    }
  } catch {
    // An unreadable stamp just means "rebuild".
  }
}

// A fresh copy of the package sources (without the Node build) so node-gyp never touches
// node_modules/better-sqlite3.
const source = dirname(require.resolve('better-sqlite3/package.json'))
rmSync(target, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })
cpSync(source, target, {
  recursive: true,
  filter: (path) => {
    const rel = relative(source, path)
    return !(rel === 'build' || rel.startsWith(`build/`) || rel.startsWith('node_modules'))
  },
})

let nodeGyp
try {
  nodeGyp = join(dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js')
} catch {
  die('node-gyp is not installed (it comes with npm ci); cannot build for Electron.')
}

console.log(
  `native:electron: building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} ` +
    `(${process.arch}); log in ${relative(root, logFile)}`,
)
const result = spawnSync(
  process.execPath,
  [
    nodeGyp,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    `--dist-url=${DIST_URL}`,
    '--runtime=electron',
    '--build-from-source',
  ],
  {
    cwd: target,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion },
  },
)
const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`
writeFileSync(logFile, output)

if (result.error || result.status !== 0 || !existsSync(binary)) {
  // Remove the half-built copy so a later run does not mistake it for a finished build.
  rmSync(target, { recursive: true, force: true })
  const download =
    /(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|getaddrinfo|socket hang up|network connectivity|headers\.tar\.gz|tarball|download)/i
  if (download.test(output)) {
    die(
      `cannot download the Electron ${electronVersion} headers from ${DIST_URL} (no network ` +
        'access to electronjs.org?), so better-sqlite3 was not built for Electron; the desktop ' +
        'app cannot start here (node_modules is untouched: `npm test` and `npm run serve` still work).',
    )
  }
  die(
    `node-gyp failed to build better-sqlite3 for Electron ${electronVersion} ` +
      `(exit ${result.status ?? result.error?.message}); see ${relative(root, logFile)}.`,
  )
}

writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`)
console.log(`native:electron: built ${relative(root, binary)}`)
