import { describe, expect, it } from 'vitest'
import { streamSourceRepo } from '../../../src/main/db/repos/log-streams.repo'
import { activityEvent } from '../../../src/main/engine/streams/event'
import { makeEngine } from '../../support/engine'
import { startReceiver } from './hec-receiver'
import { decodeLogsRequest } from './otlp-decode'
import { recordEntries, until } from './support'

describe('log streams: OpenTelemetry logs over OTLP/HTTP', () => {
  it('sends every entry through the official exporter as protobuf, service.name=tessera, every field an attribute', async () => {
    const rx = await startReceiver()
    const t = makeEngine()
    const s = await t.value('streams:add', {
      name: 'collector',
      target: { kind: 'otlp', url: rx.url, headers: { 'X-Scope-OrgID': 'tenant-7' } },
    })
    expect(s.url).toBe(`${rx.url}/v1/logs`)
    await recordEntries(t, 700)
    const stop = t.engine.streams.startDelivery({ pollMs: 50 })
    const source = streamSourceRepo(t.db)
    const head = source.headId()
    const logs = () => rx.requests.flatMap((r) => decodeLogsRequest(r.body))
    await until(
      () => logs().at(-1)?.attributes['tessera.id'] === head,
      'every entry at the collector',
    )
    stop()
    expect(rx.requests[0]!.path).toBe('/v1/logs')
    expect(rx.requests[0]!.headers['content-type']).toBe('application/x-protobuf')
    expect(rx.requests[0]!.headers['x-scope-orgid']).toBe('tenant-7')
    const got = logs()
    expect(got.map((l) => l.attributes['tessera.id'])).toEqual(
      Array.from(
        { length: head - s.health.lastDeliveredId },
        (_, i) => s.health.lastDeliveredId + 1 + i,
      ),
    )
    const last = got.at(-1)!
    const row = source.after(t.owner.organizationId, head - 1, 1)[0]!
    const e = activityEvent(row)
    expect(last).toMatchObject({
      resource: { 'service.name': 'tessera' },
      scope: { name: 'tessera.activity' },
      timeUnixNano: BigInt(row.ts) * 1_000_000n,
      severityNumber: 9,
      severityText: 'INFO',
      eventName: 'tessera.activity',
      body: `${e.actor.name} GET ${e.path} 200`,
    })
    expect(last.attributes).toEqual({
      'tessera.type': 'activity',
      'tessera.id': e.id,
      'tessera.time': e.time,
      'tessera.organization_id': e.organization_id,
      'tessera.kind': 'api',
      'tessera.actor.kind': 'human',
      'tessera.actor.id': t.owner.userId,
      'tessera.actor.name': e.actor.name,
      'tessera.actor.email': 'owner@acme.test',
      'tessera.method': 'GET',
      'tessera.path': e.path,
      'tessera.status': 200,
      'tessera.duration_ms': 1.5,
      'tessera.source_address': '127.0.0.1',
      'tessera.user_agent': e.user_agent,
      'tessera.hash': e.hash,
      'tessera.prev_hash': e.prev_hash,
    })
    // Delivered without a single failed attempt.
    expect(
      t.db
        .prepare("SELECT count(*) FROM activity_entries WHERE action = 'stream.failing'")
        .pluck()
        .get(),
    ).toBe(0)
    await rx.close()
  })
})
