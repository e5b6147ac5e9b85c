import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '../../..')
const CLI = join(ROOT, 'out/main/cli.js')
const UI = join(ROOT, 'out/renderer/index.html')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * Makes sure out/ holds a build of the current sources: builds when it is missing or older than
 * src/ (under a lock, since several suites may ask at once). Returns why it cannot, or null.
 */
export function ensureBuilt(): string | null {
  const fresh = () =>
    existsSync(CLI) && existsSync(UI) && statSync(CLI).mtimeMs >= newestMtime(join(ROOT, 'src'))
  if (fresh()) return null
  try {
    execFileSync('flock', ['/tmp/tessera-e2e-build.lock', 'npm', 'run', 'build'], {
      cwd: ROOT,
      stdio: 'pipe',
      timeout: 170_000,
    })
  } catch (err) {
    const out = err as { stderr?: Buffer; stdout?: Buffer }
    const text = `${out.stdout?.toString() ?? ''}${out.stderr?.toString() ?? ''}`
      .trim()
      .split('\n')
      .slice(-15)
      .join('\n')
    if (existsSync(CLI) && existsSync(UI)) {
      process.stderr.write(
        `[e2e] npm run build failed; testing the existing (older) out/:\n${text}\n`,
      )
      return null
    }
    return `out/ is missing and \`npm run build\` failed:\n${text}`
  }
  return existsSync(CLI) && existsSync(UI)
    ? null
    : 'npm run build did not produce out/main/cli.js and out/renderer'
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.once('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => res(port))
    })
  })
}

export interface ServeProcess {
  url: string
  port: number
  dbPath: string
  output: () => string
  stop: () => Promise<void>
}

/**
 * `node out/main/cli.js serve` on a temporary database and a free port (plus `extraArgs`, such
 * as `--demo`); resolves once /health answers.
 */
export async function startServe(extraArgs: string[] = []): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'))
  const dbPath = join(dir, 'tessera.db')
  const port = await freePort()
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'serve', '--db', dbPath, '--port', String(port), ...extraArgs],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let log = ''
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${log}`)
    try {
      if ((await fetch(`${url}/health`)).ok) break
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`serve did not answer /health within 30 s:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    port,
    dbPath,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
