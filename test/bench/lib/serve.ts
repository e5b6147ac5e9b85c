/**
 * The built `serve` (node out/main/cli.js) for the browser suites, and the first-run Owner they
 * sign in as. Start-up waits for /health; `--demo` seeds 90 days of work first, so it gets
 * longer on a busy machine.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext } from 'playwright-core'
import { BenchUnavailable } from '../types'
import { sleep } from './measure'

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..')
const CLI = join(ROOT, 'out', 'main', 'cli.js')

export const OWNER = {
  email: 'bench-owner@acme.test',
  name: 'Bench Owner',
  password: 'correct horse battery staple',
}

export async function startServe(
  dbPath: string,
  port: number,
  opts: { demo?: boolean; timeoutMs?: number } = {},
) {
  const args = [CLI, 'serve', ...(opts.demo ? ['--demo'] : []), '--db', dbPath]
  const proc = spawn(process.execPath, [...args, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  proc.stdout!.on('data', (d: Buffer) => (log += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  const url = `http://127.0.0.1:${port}`
  const timeoutMs = opts.timeoutMs ?? 30_000
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (proc.exitCode !== null)
      throw new Error(`serve exited with ${proc.exitCode}: ${log.slice(-2000)}`)
    try {
      if ((await fetch(`${url}/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`serve did not answer /health in ${timeoutMs / 1000} s: ${log.slice(-2000)}`)
    }
    await sleep(200)
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve()
      proc.once('exit', () => resolve())
      proc.kill('SIGTERM')
    })
  return { url, stop }
}

/** First-run setup of the Owner, then sign-in: the context's cookies carry the session. */
export async function signInOwner(context: BrowserContext, url: string) {
  const api = context.request
  const setup = await api.post(`${url}/auth/setup`, { data: OWNER })
  if (!setup.ok()) throw new Error(`setup failed: ${setup.status()} ${await setup.text()}`)
  const login = await api.post(`${url}/auth/login`, {
    data: { email: OWNER.email, password: OWNER.password },
  })
  if (!login.ok()) throw new Error(`login failed: ${login.status()} ${await login.text()}`)
}

/**
 * What a browser suite needs before it starts: Debian's Chromium and a built `serve`; reports
 * the suite as SKIP (BenchUnavailable) when either is missing.
 */
export async function browserSuite() {
  const { CHROMIUM, launchChromium } = await import('../../e2e/support/browser')
  if (!existsSync(CHROMIUM))
    throw new BenchUnavailable(
      `Chromium not installed at ${CHROMIUM} (apt-get install -y chromium)`,
    )
  const { ensureBuilt, freePort } = await import('../../e2e/support/server')
  const why = ensureBuilt()
  if (why) throw new BenchUnavailable(`serve mode not available: ${why.split('\n')[0]}`)
  return { launchChromium, freePort }
}
