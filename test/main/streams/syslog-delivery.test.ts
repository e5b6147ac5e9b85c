import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseSyslogEvent } from '../../../src/main/engine/streams/syslog'
import { verifyReceived } from '../../../src/main/engine/streams/received'
import { makeEngine, runningClock, type TestEngine } from '../../support/engine'
import { makeCertificates, startRsyslog } from '../../support/rsyslog'
import { entry, recordEntries, until } from './support'

const dir = mkdtempSync(join(tmpdir(), 'tessera-streams-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const ids = (lines: string[]) => lines.flatMap((l) => parseSyslogEvent(l)?.id ?? [])
const headId = (t: TestEngine) =>
  (t.db.prepare('SELECT max(id) AS id FROM activity_entries').get() as { id: number }).id

function fresh(name: string) {
  return makeEngine(join(dir, `${name}.db`), runningClock())
}

describe('syslog streams to a real rsyslog', () => {
  it('delivers 100,000 entries once each, in log order, over TCP with octet counting', async () => {
    const rs = await startRsyslog(join(dir, 'rs-100k'))
    const t = fresh('100k')
    const stream = await t.value('streams:add', {
      name: 'SIEM relay',
      target: { kind: 'syslog', url: `tcp://127.0.0.1:${rs.port}` },
    })
    await recordEntries(t, 100_000)
    const stop = t.engine.streams.startDelivery()
    const head = headId(t)
    await until(() => ids(rs.lines()).at(-1) === head, 'every entry at rsyslog', 120_000)
    const got = ids(rs.lines())
    // The stream starts with the entry recording its own creation.
    const first = stream.health.lastDeliveredId + 1
    expect(got).toEqual(Array.from({ length: head - first + 1 }, (_, i) => first + i))
    expect(got.length).toBeGreaterThan(100_000)
    const verdict = verifyReceived(readFileSync(join(dir, 'rs-100k', 'received.log'), 'utf8'))
    expect(verdict).toMatchObject({ intact: true, duplicates: 0, lastId: head })
    // APP-NAME tessera, the one SD-ID, escaped values read back as written.
    const line = rs.lines().at(-1)!
    expect(line).toMatch(
      /^<110>1 \S+Z \S+ tessera \d+ api \[tessera@32473 type="activity" id="\d+"/,
    )
    expect(parseSyslogEvent(line)?.user_agent).toBe(entry(t, '').user_agent)
    await until(
      () => t.engine.streams.list(t.owner).streams[0]!.health.lastDeliveredId === head,
      'the cursor at the head',
    )
    expect(t.engine.streams.list(t.owner).streams[0]!.health.label).toBe('Delivering')
    stop()
    await rs.stop()
    t.close()
  }, 180_000)

  it('delivers over TLS to a receiver whose CA was given, and names a certificate mismatch', async () => {
    const certs = makeCertificates(join(dir, 'certs'))
    const rs = await startRsyslog(join(dir, 'rs-tls'), { tls: certs })
    const t = fresh('tls')
    const caPem = readFileSync(certs.ca, 'utf8')
    await t.value('streams:add', {
      name: 'tls',
      target: { kind: 'syslog', url: `tls://localhost:${rs.port}`, caPem },
    })
    const wrongName = await t.value('streams:add', {
      name: 'wrong name',
      target: { kind: 'syslog', url: `tls://127.0.0.1:${rs.port}`, caPem },
    })
    await recordEntries(t, 500)
    const stop = t.engine.streams.startDelivery({ minBackoffMs: 50, maxBackoffMs: 200 })
    const head = headId(t)
    await until(() => ids(rs.lines()).includes(head), 'entries over TLS')
    const failing = () => t.engine.streams.list(t.owner).streams.find((s) => s.id === wrongName.id)!
    await until(() => failing().health.state === 'failing', 'the mismatched stream failing')
    expect(failing().health.label).toMatch(/^Failing since .* — .*does not match certificate/i)
    expect(await t.value('streams:test', { id: wrongName.id })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/does not match certificate/i),
    })
    stop()
    await rs.stop()
    t.close()
  }, 60_000)

  it('keeps every entry while the receiver is down for 30 s under load, and resumes after a restart from the cursor', async () => {
    const rsDir = join(dir, 'rs-outage')
    let rs = await startRsyslog(rsDir)
    const port = rs.port
    const t = fresh('outage')
    await t.value('streams:add', {
      name: 'relay',
      target: { kind: 'syslog', url: `tcp://127.0.0.1:${port}` },
    })
    let stop = t.engine.streams.startDelivery({ minBackoffMs: 100, maxBackoffMs: 2000 })
    let loading = true
    let n = 0
    const load = (async () => {
      while (loading) {
        await Promise.all(
          Array.from({ length: 50 }, () => t.engine.activity.apiBatched(entry(t, `o${n++}`))),
        )
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    await until(() => ids(rs.lines()).length > 1000, 'delivery under load')
    await rs.stop()
    const stoppedAt = Date.now()
    await until(
      () => t.engine.streams.list(t.owner).streams[0]!.health.state === 'failing',
      'the stream failing',
    )
    expect(t.engine.streams.list(t.owner).streams[0]!.health.lastError).toMatch(
      /ECONNREFUSED|closed the connection|ECONNRESET|EPIPE/,
    )
    await new Promise((r) => setTimeout(r, Math.max(0, 30_000 - (Date.now() - stoppedAt))))
    rs = await startRsyslog(rsDir, { port })
    await new Promise((r) => setTimeout(r, 3000))
    loading = false
    await load
    // Tessera stops (as at a restart) and starts again: delivery resumes from the cursor.
    stop()
    await recordEntries(t, 2000, 'after-restart')
    stop = t.engine.streams.startDelivery({ minBackoffMs: 100, maxBackoffMs: 2000 })
    const head = headId(t)
    await until(() => ids(rs.lines()).includes(head), 'every entry after the outage', 60_000)
    const verdict = verifyReceived(readFileSync(join(rsDir, 'received.log'), 'utf8'))
    expect(verdict, verdict.message).toMatchObject({ intact: true, lastId: head })
    await until(
      () => t.engine.streams.list(t.owner).streams[0]!.health.state === 'delivering',
      'the stream delivering again',
    )
    const s = t.engine.streams.list(t.owner).streams[0]!
    expect(s.health).toMatchObject({ failingSince: null, lastError: null, lastDeliveredId: head })
    const actions = t.db
      .prepare("SELECT action FROM activity_entries WHERE action LIKE 'stream.%' ORDER BY id")
      .pluck()
      .all()
    expect(actions).toEqual(['stream.add', 'stream.failing', 'stream.recovered'])
    stop()
    await rs.stop()
    t.close()
  }, 180_000)
})
