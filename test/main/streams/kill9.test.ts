import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { keyFileFor, parseLogKeys } from '../../../src/main/engine/activity/log-keys'
import { verifyReceived } from '../../../src/main/engine/streams/received'
import { parseSyslogEvent } from '../../../src/main/engine/streams/syslog'
import { makeEngine, runningClock } from '../../support/engine'
import { startRsyslog } from '../../support/rsyslog'
import { recordEntries, until } from './support'

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 4)
const root = resolve(__dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'tessera-stream-kill-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

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

describe('log streams: kill -9 of Tessera mid-batch', () => {
  it(`loses nothing over ${ROUNDS} kills: every entry reaches rsyslog, the chain holds`, async () => {
    const rs = await startRsyslog(join(dir, 'rs'))
    const db = join(dir, 'tessera.db')
    const setup = makeEngine(db, runningClock(Date.now()))
    await setup.value('streams:add', {
      name: 'relay',
      target: { kind: 'syslog', url: `tcp://127.0.0.1:${rs.port}` },
    })
    const { token } = await setup.value('serviceAccounts:create', { name: 'load', role: 'AD' })
    await recordEntries(setup, 60_000)
    setup.close()

    const received = () => rs.lines().flatMap((l) => parseSyslogEvent(l)?.id ?? [])
    let killedWhileBehind = 0
    for (let round = 0; round <= ROUNDS; round++) {
      const port = await freePort()
      const child = spawn(process.execPath, serveArgs(db, port), { stdio: 'ignore' })
      const exited = new Promise((r) => child.once('exit', r))
      await waitHealthy(`http://127.0.0.1:${port}`, child)
      if (round === ROUNDS) {
        // The last start runs until the stream has caught up.
        const probe = openDatabase(db)
        const head = () =>
          probe.prepare('SELECT max(id) FROM activity_entries').pluck().get() as number
        await until(() => received().at(-1) === head(), 'delivery to catch up', 120_000)
        probe.close()
        child.kill('SIGTERM')
        await exited
        break
      }
      // API requests keep being recorded (and delivered) until the kill.
      let running = true
      const client = (async () => {
        while (running) {
          try {
            await (
              await fetch(`http://127.0.0.1:${port}/api/current-user/whoami`, {
                headers: { Authorization: `Token ${token}` },
              })
            ).arrayBuffer()
          } catch {
            return
          }
        }
      })()
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 700))
      const before = received().length
      child.kill('SIGKILL')
      running = false
      await client
      await exited
      if (before > 0) killedWhileBehind++
    }
    expect(killedWhileBehind).toBeGreaterThan(0)
    // The log is keyed (serve made the key file beside the database): check with that key.
    const logKey = parseLogKeys(readFileSync(keyFileFor(db), 'utf8')).hmacKey
    const verdict = verifyReceived(readFileSync(join(dir, 'rs', 'received.log'), 'utf8'), logKey)
    expect(verdict, verdict.message).toMatchObject({ intact: true })
    const check = openDatabase(db)
    const head = check.prepare('SELECT max(id) FROM activity_entries').pluck().get() as number
    const cursor = check.prepare('SELECT cursor_id FROM log_streams').pluck().get() as number
    check.close()
    expect(verdict.lastId).toBe(head)
    // The cursor trails only by what was in flight when the last process stopped.
    expect(cursor).toBeLessThanOrEqual(head)
    expect(cursor).toBeGreaterThan(head - 2000)
    await rs.stop()
    console.info(
      `stream kill -9: ${ROUNDS} kills, ${verdict.received} lines for ${verdict.lastId! - verdict.firstId! + 1} entries (${verdict.duplicates} redelivered)`,
    )
  }, 300_000)
})
