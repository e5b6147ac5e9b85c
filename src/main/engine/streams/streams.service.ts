import {
  STREAMS_MAX,
  STREAM_RETENTION_CEILING_DAYS,
  type LogStream,
  type StreamDestination,
} from '../../../shared/contracts/streams.contract'
import type { Repos } from '../../db/repos'
import { streamSourceRepo, type LogStreamRow } from '../../db/repos/log-streams.repo'
import type { ActivityRecorder } from '../activity/recorder'
import { writeTransaction, type Actor, type EngineDeps } from '../deps'
import { conflict, EngineError, notFound } from '../errors'
import { parseDestination, type DestinationConfig } from './destination'
import { testEvent } from './event'
import { openSecret, plainSecretBox, sealSecret } from './secrets'
import { createSender, redactSecrets } from './senders'

const fmtTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')

/** The streams of an organization: add, pause, resume, remove, test, and their health. */
export function streamsService(deps: EngineDeps, repos: Repos, activity: ActivityRecorder) {
  const repo = repos.logStreams
  const source = streamSourceRepo(deps.db)
  const box = deps.secretBox ?? plainSecretBox

  function config(row: LogStreamRow): DestinationConfig {
    return { kind: row.kind, url: row.url, caPem: row.ca_pem, secret: openSecret(box, row) }
  }

  function view(row: LogStreamRow, headId = source.headId()): LogStream {
    const behind = Math.max(0, headId - row.cursor_id)
    const next = behind > 0 ? source.next(row.organization_id, row.cursor_id) : undefined
    const failing = row.failing_since !== null
    const state = row.paused
      ? 'paused'
      : failing
        ? 'failing'
        : behind > 0 && next
          ? 'behind'
          : 'delivering'
    const label =
      state === 'paused'
        ? 'Paused'
        : state === 'failing'
          ? `Failing since ${fmtTime(row.failing_since!)} — ${row.last_error ?? 'unknown error'}`
          : state === 'behind'
            ? `Behind ${behind.toLocaleString('en-US')} ${behind === 1 ? 'entry' : 'entries'} (oldest from ${fmtTime(next!.ts)})`
            : 'Delivering'
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      url: row.url,
      hasSecret: row.secret !== null,
      secretStorage: row.secret_scheme,
      tlsCa: row.ca_pem !== null,
      paused: row.paused === 1,
      health: {
        state,
        label,
        behind: next ? behind : 0,
        oldestUndeliveredAt: next?.ts ?? null,
        failingSince: row.failing_since,
        lastError: failing ? row.last_error : null,
        lastDeliveredId: row.cursor_id,
        lastDeliveredAt: row.delivered_at,
      },
      gap:
        row.gap_from !== null && row.gap_to !== null
          ? { fromId: row.gap_from, toId: row.gap_to }
          : null,
      createdAt: row.created_at,
    }
  }

  function own(c: Actor, id: number): LogStreamRow {
    const row = repo.get(id)
    if (!row || row.organization_id !== c.organizationId) throw notFound('Log stream', id)
    return row
  }

  const add = writeTransaction(
    deps.db,
    (c: Actor, name: string, d: StreamDestination): LogStream => {
      const cfg = parseDestination(d)
      if (repo.count(c.organizationId) >= STREAMS_MAX)
        throw new EngineError(
          'QUOTA_EXCEEDED',
          `An organization can have at most ${STREAMS_MAX} log streams; remove one first`,
        )
      if (repo.byName(c.organizationId, name))
        throw conflict(`A log stream named “${name}” already exists`, 'name')
      const sealed = sealSecret(box, cfg.secret)
      // The stream starts with the entry that records its creation.
      const id = repo.insert({
        organization_id: c.organizationId,
        name,
        kind: cfg.kind,
        url: cfg.url,
        ca_pem: cfg.caPem,
        ...sealed,
        cursor_id: source.headId(),
        created_by: c.userId,
        created_at: deps.now(),
      })
      activity.admin(c, {
        action: 'stream.add',
        details: { stream: name, id, kind: cfg.kind, url: cfg.url, tlsCa: cfg.caPem !== null },
      })
      return view(repo.get(id)!)
    },
  )

  const setPaused = writeTransaction(deps.db, (c: Actor, id: number, paused: boolean) => {
    const row = own(c, id)
    if ((row.paused === 1) !== paused) {
      repo.setPaused(id, paused, deps.now())
      activity.admin(c, {
        action: paused ? 'stream.pause' : 'stream.resume',
        details: { stream: row.name, id },
      })
    }
    return view(repo.get(id)!)
  })

  const remove = writeTransaction(deps.db, (c: Actor, id: number) => {
    const row = own(c, id)
    repo.remove(id)
    activity.admin(c, {
      action: 'stream.remove',
      details: {
        stream: row.name,
        id,
        kind: row.kind,
        url: row.url,
        lastDeliveredId: row.cursor_id,
      },
    })
    return { removed: true as const }
  })

  return {
    list: (c: Actor) => {
      const head = source.headId()
      return {
        streams: repo.list(c.organizationId).map((r) => view(r, head)),
        max: STREAMS_MAX,
        retentionCeilingDays: STREAM_RETENTION_CEILING_DAYS,
      }
    },
    add,
    pause: (c: Actor, id: number) => setPaused(c, id, true),
    resume: (c: Actor, id: number) => setPaused(c, id, false),
    remove,
    /** One test event on a connection of its own, outside the chain; recorded. */
    async test(c: Actor, id: number): Promise<{ ok: boolean; message: string }> {
      const row = own(c, id)
      const cfg = config(row)
      const sender = createSender(cfg)
      let result: { ok: boolean; message: string }
      try {
        await sender.send([testEvent(c.organizationId, row.name, deps.now())])
        // Syslog has no acknowledgement: wait a moment for a refusal on the connection.
        if (sender.settleMs) await new Promise((r) => setTimeout(r, 200))
        result = { ok: true, message: `Test event sent to ${row.url}` }
      } catch (err) {
        result = { ok: false, message: redactSecrets((err as Error).message, cfg) }
      } finally {
        sender.close()
      }
      activity.admin(c, {
        action: 'stream.test',
        details: { stream: row.name, id, ok: result.ok, message: result.message },
      })
      return result
    },
    /** For the delivery worker: a stream's destination with its secret opened. */
    config,
    /** Streams whose health is Failing, for the Organization screen. */
    failing: (c: Actor) =>
      repo
        .list(c.organizationId)
        .filter((r) => !r.paused && r.failing_since !== null)
        .map((r) => r.name),
  }
}
export type StreamsService = ReturnType<typeof streamsService>
