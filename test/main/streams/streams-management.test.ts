import { describe, expect, it } from 'vitest'
import { addAdmin, adminEntries } from '../engine/helpers'
import { makeEngine, snapshotTables } from '../../support/engine'
import { verifyReceived } from '../../../src/main/engine/streams/received'
import { activityEvent } from '../../../src/main/engine/streams/event'
import { formatSyslog } from '../../../src/main/engine/streams/syslog'
import { streamSourceRepo } from '../../../src/main/db/repos/log-streams.repo'
import { startReceiver } from './hec-receiver'
import { recordEntries, until } from './support'

const tcp = (port = 6514) => ({ kind: 'syslog' as const, url: `tcp://127.0.0.1:${port}` })

describe('log streams: management', () => {
  it('are the Owner’s to change; an Administrator sees them; every change is recorded', async () => {
    const t = makeEngine()
    const admin = await addAdmin(t)
    const refused = await t.as(admin).call('streams:add', { name: 'x', target: tcp() })
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const s = await t.value('streams:add', { name: 'SIEM', target: tcp() })
    expect((await t.as(admin).value('streams:list')).streams.map((x) => x.name)).toEqual(['SIEM'])
    expect(await t.as(admin).call('streams:pause', { id: s.id })).toMatchObject({ ok: false })
    expect((await t.value('streams:pause', { id: s.id })).health.label).toBe('Paused')
    expect((await t.value('streams:resume', { id: s.id })).paused).toBe(false)
    await t.value('streams:remove', { id: s.id })
    expect((await t.value('streams:list')).streams).toEqual([])
    const actions = adminEntries(t).filter((e) => e.action.startsWith('stream.'))
    expect(actions.map((e) => [e.action, e.actor_id, e.details?.stream])).toEqual([
      ['stream.add', t.owner.userId, 'SIEM'],
      ['stream.pause', t.owner.userId, 'SIEM'],
      ['stream.resume', t.owner.userId, 'SIEM'],
      ['stream.remove', t.owner.userId, 'SIEM'],
    ])
  })

  it('allows three streams per organization and unique names', async () => {
    const t = makeEngine()
    for (const name of ['a', 'b', 'c']) await t.value('streams:add', { name, target: tcp() })
    expect(await t.call('streams:add', { name: 'd', target: tcp() })).toMatchObject({
      ok: false,
      error: { code: 'QUOTA_EXCEEDED', message: expect.stringMatching(/at most 3/) },
    })
    await t.value('streams:remove', { id: (await t.value('streams:list')).streams[0]!.id })
    expect(await t.call('streams:add', { name: 'B', target: tcp() })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    })
  })

  it.each([
    [{ kind: 'syslog', url: 'udp://127.0.0.1:514' }, /UDP loses entries/],
    [{ kind: 'syslog', url: 'ftp://127.0.0.1:514' }, /Unknown scheme “ftp”/],
    [{ kind: 'syslog', url: 'tcp://127.0.0.1' }, /port/],
    [{ kind: 'syslog', url: 'tcp://127.0.0.1:70000' }, /not an address|port/],
    [{ kind: 'syslog', url: 'tcp://127.0.0.1:514', caPem: 'x' }, /only for tls/],
    [{ kind: 'syslog', url: 'tls://127.0.0.1:514', caPem: 'not a certificate' }, /no PEM/],
    [{ kind: 'splunk', url: 'http://splunk.example.com:8088', token: 't' }, /needs https/],
    [{ kind: 'http', url: 'https://user:pw@logs.example.com/' }, /credentials/],
    [{ kind: 'http', url: 'https://intake.example.com/v1/input?dd-api-key=abc' }, /header file/],
    [
      { kind: 'http', url: 'https://logs.example.com/', headers: { 'bad name': 'x' } },
      /header name/,
    ],
  ])('refuses %j with a clear error and saves nothing', async (destination, message) => {
    const t = makeEngine()
    const before = snapshotTables(t.db)
    const r = await t.call('streams:add', { name: 'bad', target: destination as never })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(message) },
    })
    expect(snapshotTables(t.db)).toEqual(before)
  })

  it('keeps secrets write-only: never listed, never in the activity log', async () => {
    const t = makeEngine()
    const token = 'c0ffee00-secret-hec-token'
    await t.value('streams:add', {
      name: 'splunk',
      target: { kind: 'splunk', url: 'https://splunk.example.com:8088', token },
    })
    await t.value('streams:add', {
      name: 'dd',
      target: {
        kind: 'http',
        url: 'https://http-intake.logs.datadoghq.eu/api/v2/logs',
        headers: { 'DD-API-KEY': 'dd-secret-value' },
      },
    })
    const listed = JSON.stringify(await t.value('streams:list'))
    expect(listed).not.toContain(token)
    expect(listed).not.toContain('dd-secret-value')
    expect(listed).toContain('"hasSecret":true')
    const log = JSON.stringify(t.db.prepare('SELECT * FROM activity_entries').all())
    expect(log).not.toContain(token)
    expect(log).not.toContain('dd-secret-value')
    expect((await t.value('streams:list')).streams[0]!.url).toBe(
      'https://splunk.example.com:8088/services/collector/event',
    )
  })
})

describe('log streams: Splunk HEC and HTTP JSON lines', () => {
  it('sends batched HEC events with the Splunk authorization, and shows Invalid token and 503 as Failing', async () => {
    const hec = await startReceiver('hec-token-1234')
    const t = makeEngine()
    const s = await t.value('streams:add', {
      name: 'splunk',
      target: { kind: 'splunk', url: hec.url, token: 'hec-token-1234' },
    })
    await recordEntries(t, 1200)
    const stop = t.engine.streams.startDelivery({ minBackoffMs: 20, maxBackoffMs: 50, pollMs: 50 })
    const events = () =>
      hec.requests.flatMap((r) =>
        r.body
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { event: { id: number } }),
      )
    const head = streamSourceRepo(t.db).headId()
    await until(() => events().at(-1)?.event.id === head, 'every entry at the HEC')
    // Batched: many events to a request (fewer when the machine is slow to format them).
    expect(hec.requests.length).toBeGreaterThan(1)
    expect(events().length / hec.requests.length).toBeGreaterThan(10)
    expect(hec.requests[0]!.headers.authorization).toBe('Splunk hec-token-1234')
    expect(hec.requests[0]!.path).toBe('/services/collector/event')
    const first = events()[0] as unknown as Record<string, unknown>
    expect(first).toMatchObject({
      source: 'tessera',
      sourcetype: 'tessera:activity',
      event: { type: 'activity', id: s.health.lastDeliveredId + 1 },
    })
    expect(
      verifyReceived(
        events()
          .map((e) => JSON.stringify(e))
          .join('\n'),
      ),
    ).toMatchObject({ intact: true, lastId: head })

    hec.answer = 'busy'
    await recordEntries(t, 5)
    await until(
      () => t.engine.streams.list(t.owner).streams[0]!.health.state === 'failing',
      'failing on 503',
    )
    expect(t.engine.streams.list(t.owner).streams[0]!.health.lastError).toMatch(
      /answered 503: Server is busy/,
    )
    hec.answer = 'invalid-token'
    await until(
      () => /Invalid token/.test(t.engine.streams.list(t.owner).streams[0]!.health.lastError ?? ''),
      'Invalid token',
    )
    expect(await t.value('streams:test', { id: s.id })).toEqual({
      ok: false,
      message: `${hec.url}/services/collector/event answered 403: Invalid token`,
    })
    hec.answer = 'success'
    await until(
      () => t.engine.streams.list(t.owner).streams[0]!.health.state === 'delivering',
      'recovered',
    )
    stop()
    await hec.close()
  })

  it('posts JSON lines with the headers of the header file', async () => {
    const rx = await startReceiver()
    const t = makeEngine()
    await t.value('streams:add', {
      name: 'vector',
      target: {
        kind: 'http',
        url: `${rx.url}/ingest`,
        headers: { 'X-Api-Key': 'vector-key-9' },
      },
    })
    await recordEntries(t, 10)
    const stop = t.engine.streams.startDelivery({ pollMs: 50 })
    const head = streamSourceRepo(t.db).headId()
    await until(
      () => rx.requests.some((r) => r.body.toString().includes(`"id":${head},`)),
      'the lines',
    )
    const r = rx.requests[0]!
    expect(r.headers['x-api-key']).toBe('vector-key-9')
    expect(r.headers['content-type']).toBe('application/x-ndjson')
    const lines = rx.requests.flatMap((q) => q.body.toString().trim().split('\n'))
    expect(verifyReceived(lines.join('\n'))).toMatchObject({ intact: true, lastId: head })
    stop()
    await rx.close()
  })
})

describe('tessera activity verify --received', () => {
  function received(n: number) {
    const t = makeEngine()
    return recordEntries(t, n).then(() =>
      streamSourceRepo(t.db)
        .after(t.owner.organizationId, 0, n + 10)
        .map((r) => formatSyslog(activityEvent(r))),
    )
  }

  it('holds for a whole file, and for a redelivered batch (identical duplicates)', async () => {
    const lines = await received(20)
    expect(verifyReceived(lines.join('\n'))).toMatchObject({
      intact: true,
      firstId: 1,
      lastId: 21,
      duplicates: 0,
    })
    const again = [...lines.slice(0, 15), ...lines.slice(10)]
    expect(verifyReceived(again.join('\n'))).toMatchObject({ intact: true, duplicates: 5 })
  })

  it('names a missing line, a changed line and an entry out of order', async () => {
    const lines = await received(20)
    const missing = lines.filter((_, i) => i !== 7)
    expect(verifyReceived(missing.join('\n'))).toMatchObject({
      intact: false,
      problem: 'missing',
      entryId: 8,
    })
    const changed = lines.map((l, i) => (i === 4 ? l.replace('status="200"', 'status="403"') : l))
    expect(verifyReceived(changed.join('\n'))).toMatchObject({
      intact: false,
      problem: 'changed',
      entryId: 5,
      message: 'Entry 5 was changed on the way: its fields no longer match its hash',
    })
    const swapped = [...lines]
    ;[swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!]
    expect(verifyReceived(swapped.join('\n'))).toMatchObject({
      intact: false,
      problem: 'missing',
      entryId: 4,
    })
    const early = [...lines.slice(4), lines[0]!]
    expect(verifyReceived(early.join('\n'))).toMatchObject({
      intact: false,
      problem: 'out-of-order',
      entryId: 1,
    })
    const late = [...lines.slice(0, 5), ...lines.slice(6), lines[5]!]
    expect(verifyReceived(late.join('\n'))).toMatchObject({
      intact: false,
      problem: 'missing',
      entryId: 6,
    })
  })
})
