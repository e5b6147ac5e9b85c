import { z } from 'zod'
import { Id, Timestamp } from '../schemas'
import { contract } from './contract'

export const STREAMS_MAX = 3
/** Retention keeps entries a stream has not delivered for at most this many days. */
export const STREAM_RETENTION_CEILING_DAYS = 7

export const StreamName = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(64, 'Name must be at most 64 characters')
  .regex(/^[\p{L}\p{N} ._-]+$/u, 'Name may contain only letters, digits, spaces, - _ and .')

const Url = z.string().trim().min(1, 'Give the destination address').max(2048)
const Headers = z.record(z.string().min(1).max(256), z.string().max(8192))

/** Where a stream delivers; secrets (token, header values) go in and never come back out. */
export const StreamDestination = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('syslog'),
      url: Url,
      /** PEM of the CA to trust for tls:// (the system's roots without it). */
      caPem: z.string().max(1_000_000).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('otlp'), url: Url, headers: Headers.optional() }).strict(),
  z.object({ kind: z.literal('splunk'), url: Url, token: z.string().min(1).max(4096) }).strict(),
  z.object({ kind: z.literal('http'), url: Url, headers: Headers.optional() }).strict(),
])
export type StreamDestination = z.infer<typeof StreamDestination>

export const StreamState = z.enum(['delivering', 'behind', 'failing', 'paused'])

export const LogStream = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(['syslog', 'otlp', 'splunk', 'http']),
  url: z.string(),
  /** A token or header values are stored (never shown). */
  hasSecret: z.boolean(),
  /** Where the secret is kept: encrypted by the OS (safeStorage) or in the database file. */
  secretStorage: z.enum(['none', 'plain', 'safeStorage']),
  tlsCa: z.boolean(),
  paused: z.boolean(),
  health: z.object({
    state: StreamState,
    /** One line for people: "Delivering", "Behind 120 entries (oldest from …)", … */
    label: z.string(),
    behind: z.number().int().nonnegative(),
    oldestUndeliveredAt: Timestamp.nullable(),
    failingSince: Timestamp.nullable(),
    lastError: z.string().nullable(),
    lastDeliveredId: z.number().int().nonnegative(),
    lastDeliveredAt: Timestamp.nullable(),
  }),
  /** Entries retention purged before this stream delivered them. */
  gap: z.object({ fromId: Id, toId: Id }).nullable(),
  createdAt: Timestamp,
})
export type LogStream = z.infer<typeof LogStream>

const ById = z.object({ id: Id }).strict()

export const streamsContracts = {
  'streams:list': contract(
    z.object({}).strict().optional(),
    z.object({
      streams: z.array(LogStream),
      max: z.number().int(),
      retentionCeilingDays: z.number().int(),
    }),
  ),
  /** Owner only. Checks the destination's form (scheme, port, CA); saves nothing when wrong. */
  'streams:add': contract(
    // `target`, not `destination`: the transports refuse input keys that could name a file.
    z.object({ name: StreamName, target: StreamDestination }).strict(),
    LogStream,
  ),
  'streams:pause': contract(ById, LogStream),
  'streams:resume': contract(ById, LogStream),
  'streams:remove': contract(ById, z.object({ removed: z.literal(true) })),
  /** Sends one test event now (outside the chain); the answer carries the receiver's words. */
  'streams:test': contract(ById, z.object({ ok: z.boolean(), message: z.string() })),
} as const
