// Shared by serve.mjs and tessera.mjs: make sure out/main/cli.js is built from the current
// sources, then run it with plain Node (no Electron anywhere in its graph).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const cliFile = join(root, 'out', 'main', 'cli.js')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Builds with electron-vite only when out/ is missing or older than src/ (or the config). */
export function ensureBuilt() {
  const inputs = Math.max(
    newestMtime(join(root, 'src')),
    statSync(join(root, 'electron.vite.config.ts')).mtimeMs,
  )
  const renderer = join(root, 'out', 'renderer', 'index.html')
  if (existsSync(cliFile) && existsSync(renderer) && statSync(cliFile).mtimeMs >= inputs) return
  process.stderr.write('Building Tessera (electron-vite build)…\n')
  const bin = join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite',
  )
  const r = spawnSync(bin, ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0) {
    process.stderr.write('electron-vite build failed\n')
    process.exit(r.status ?? 1)
  }
}

/** Runs `node out/main/cli.js …args`, forwarding signals and the exit code. */
export function runCli(args) {
  ensureBuilt()
  const child = spawn(process.execPath, [cliFile, ...args], { stdio: 'inherit' })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
