import { spawn, type ChildProcess } from 'node:child_process'
import { installationKeys } from '../../../src/main/core/log-key-file'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { defaultDeps } from '../../../src/main/engine/deps'
import { createEngine } from '../../../src/main/engine/engine'
import { makeEngine } from '../../support/engine'

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20)
const root = resolve(__dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'tessera-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The built headless entry when present (CI builds first), else the TypeScript source. */
function serveArgs(db: string, port: number): string[] {
  const built = join(root, 'out/main/cli.js')
  const entry = existsSync(built)
    ? [built]
    : ['--import', 'tsx', join(root, 'src/main/cli/index.ts')]
  return [...entry, '--db', db, 'serve', '--port', String(port)]
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))))
    })
  })
}

async function waitHealthy(url: string, child: ChildProcess) {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('serve did not become healthy')
}

describe('crash safety: kill -9 under load', () => {
  it(`loses no answered request over ${ROUNDS} rounds, and the chain verifies`, async () => {
    const db = join(dir, 'tessera.db')
    // Four admin service accounts, made before the first start.
    const setup = makeEngine(db)
    await setup.value('quota:request', { count: 4, reason: 'load' })
    await setup.value('quota:approve', { id: (await setup.value('quota:list'))[0]!.id })
    const tokens: string[] = []
    for (let i = 0; i < 4; i++) {
      tokens.push(
        (await setup.value('serviceAccounts:create', { name: `load-${i}`, role: 'AD' })).token,
      )
    }
    setup.db.close()

    const answered = new Set<string>()
    let killedMidFlight = 0
    for (let round = 0; round < ROUNDS; round++) {
      const port = await freePort()
      const child = spawn(process.execPath, serveArgs(db, port), { stdio: 'ignore' })
      const exited = new Promise((r) => child.once('exit', r))
      const url = `http://127.0.0.1:${port}`
      await waitHealthy(url, child)
      let running = true
      const clients = tokens.map(async (token, c) => {
        for (let n = 0; running; n++) {
          const probe = `r${round}c${c}n${n}`
          const path = n % 2 ? '/api/projects/' : '/api/current-user/whoami'
          try {
            const res = await fetch(`${url}${path}?probe=${probe}`, {
              headers: { Authorization: `Token ${token}` },
            })
            await res.arrayBuffer()
            answered.add(probe)
          } catch {
            killedMidFlight++ // no response: the request may or may not be logged
            return
          }
        }
      })
      await new Promise((r) => setTimeout(r, 80 + Math.random() * 400))
      child.kill('SIGKILL')
      running = false
      await Promise.all(clients)
      await exited
    }

    expect(answered.size).toBeGreaterThan(ROUNDS * 10)
    const reopened = openDatabase(db)
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok')
    const rows = reopened
      .prepare<[], ActivityRow>('SELECT * FROM activity_entries ORDER BY id')
      .all()
    const logged = new Set(rows.flatMap((r) => /[?&]probe=([\w]+)/.exec(r.url ?? '')?.[1] ?? []))
    const lost = [...answered].filter((p) => !logged.has(p))
    expect(lost, `answered but not logged: ${lost.slice(0, 5).join(', ')}`).toEqual([])
    // The product's own verifier: it starts from the retention checkpoint (serve purges the
    // setup's entries, stamped long ago by the test clock) and walks every link after it.
    // With the installation's log key from beside the file: without it the keyed part cannot
    // be proved intact.
    const deps = defaultDeps(reopened)
    const logKeys = installationKeys(reopened, db, {
      readOnly: true,
      randomBytes: deps.randomBytes,
    })
    const chain = await createEngine({ ...deps, logKeys }).activityLog.verify()
    expect(chain, chain.message ?? '').toMatchObject({ intact: true })
    expect(chain.checked).toBeGreaterThanOrEqual(answered.size)
    reopened.close()
    console.info(
      `crash safety: ${ROUNDS} kills, ${answered.size} answered requests, 0 lost, ${killedMidFlight} in flight at a kill`,
    )
  }, 300_000)
})
