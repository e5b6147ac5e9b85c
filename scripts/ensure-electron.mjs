#!/usr/bin/env node
// Makes sure the Electron binary is on disk before `npm start`, `dev` or `dist`. Since Electron
// 42 the npm package has no install script: the binary comes through its `install-electron`
// bin, which is a no-op once the right version is there. When it cannot download, say so in one
// line (no stack) and exit non-zero so the npm script stops before electron-vite.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))

let electronDir
try {
  electronDir = dirname(require.resolve('electron/package.json'))
} catch {
  console.error('Electron is not installed: run `npm ci` first.')
  process.exit(1)
}
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'))
const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  cwd: electronDir,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 15 * 60_000,
})
if (run.status === 0) process.exit(0)

const output = `${run.stderr ?? ''}\n${run.stdout ?? ''}`
const first = output.split('\n').find((line) => line.trim() !== '') ?? run.error?.message ?? ''
console.error(
  `Electron ${version} could not be downloaded (${first.trim().slice(0, 160) || `exit ${run.status}`}). ` +
    'The desktop app needs it once: connect to the internet and run this again, or use ' +
    '`npm run serve` for the same app in a browser.',
)
process.exit(1)
