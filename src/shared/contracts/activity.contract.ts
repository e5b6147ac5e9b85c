import { z } from 'zod'
import { Id, Timestamp } from '../schemas'
import { contract } from './contract'

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
export const STATUS_CLASSES = [2, 3, 4, 5] as const

/** One activity entry as the viewer shows it. `hash` is hex, for the detail panel. */
export const ActivityEntry = z.object({
  id: Id,
  ts: Timestamp,
  organizationId: Id,
  kind: z.enum(['api', 'admin']),
  actorId: Id.nullable(),
  actorEmail: z.string().nullable(),
  tokenId: Id.nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  method: z.string().nullable(),
  url: z.string().nullable(),
  status: z.number().int().nullable(),
  durationMs: z.number().nullable(),
  projectId: Id.nullable(),
  workspaceId: Id.nullable(),
  action: z.string().nullable(),
  targetUserId: Id.nullable(),
  /** Small JSON object as text (never secrets). */
  details: z.string().nullable(),
  hash: z.string(),
})
export type ActivityEntry = z.infer<typeof ActivityEntry>

/**
 * Filters of the viewer. `userId` is one account's timeline (its requests plus admin actions
 * done to it); `actorId` only what the user did. `search`: URL words with AND/OR, AND binding
 * tighter (`a AND b OR c` = `(a AND b) OR c`).
 */
export const ActivityFilter = z
  .object({
    userId: Id.optional(),
    actorId: Id.optional(),
    tokenId: Id.optional(),
    projectId: Id.optional(),
    workspaceId: Id.optional(),
    method: z.enum(HTTP_METHODS).optional(),
    statusClass: z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).optional(),
    kind: z.enum(['api', 'admin']).optional(),
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    search: z.string().max(500).optional(),
    /** Only summaries of refused requests (counted per source, credential and minute). */
    summary: z.literal(true).optional(),
  })
  .strict()
export type ActivityFilter = z.infer<typeof ActivityFilter>

export const Cursor = z.object({ ts: Timestamp, id: Id }).strict()
export type Cursor = z.infer<typeof Cursor>

export const ActivityPage = z.object({
  entries: z.array(ActivityEntry),
  /** Pass back to get the next (older) page; null at the end. */
  nextCursor: Cursor.nullable(),
  /** The newest entry id when the page was read (same snapshot): where a live tail starts. */
  headId: z.number().int().nonnegative(),
})
export type ActivityPage = z.infer<typeof ActivityPage>

export const ActivityCount = z.object({
  count: z.number().int(),
  /** False when the count stopped at the cap: show "more than {count}". */
  exact: z.boolean(),
})
export type ActivityCount = z.infer<typeof ActivityCount>

/** One part of the chain as verify saw it: chained with SHA-256, or with the keyed HMAC. */
export const VerifyPart = z.object({
  firstId: z.number().int(),
  lastId: z.number().int(),
  chain: z.enum(['sha256', 'hmac-sha256']),
  checked: z.number().int(),
  /**
   * verified: every hash recomputed (for SHA-256 that shows only that nobody edited the part
   * without recomputing it); links-only: the HMAC key is not here, so only the links, the ids
   * and the checkpoints were checked.
   */
  status: z.enum(['verified', 'links-only']),
})
export type VerifyPart = z.infer<typeof VerifyPart>

export const VerifyResult = z.object({
  /** True only when nothing is broken and every keyed part was checked with its key. */
  intact: z.boolean(),
  checked: z.number().int(),
  /** The first entry whose link does not hold, when broken. */
  brokenAt: Id.nullable(),
  reason: z.enum(['edited', 'link', 'gap', 'start', 'checkpoint', 'truncated']).nullable(),
  message: z.string(),
  /** The purge checkpoint the walk started from, if any. */
  checkpointId: z.number().int().nullable(),
  parts: z.array(VerifyPart).default([]),
  /** Signed checkpoints (stored, and from the anchor file if given) matched against the log. */
  checkpoints: z
    .object({ stored: z.number().int(), anchored: z.number().int(), skipped: z.number().int() })
    .default({ stored: 0, anchored: 0, skipped: 0 }),
})
export type VerifyResult = z.infer<typeof VerifyResult>

/** A signed checkpoint: the tree head of `treeSize` entries (up to `lastId`) as a signed note. */
export const CheckpointInfo = z.object({
  id: z.number().int(),
  treeSize: z.number().int(),
  lastId: z.number().int(),
  /** Base64 RFC 9162 root. */
  root: z.string(),
  time: z.number(),
  /** The C2SP signed note (tlog-checkpoint body). */
  note: z.string(),
})
export type CheckpointInfo = z.infer<typeof CheckpointInfo>

export const ProofStatus = z.object({
  /** Whether this process holds the installation's log key (keyed chain, signing). */
  keyed: z.boolean(),
  /** SHA-256 fingerprint of the checkpoint signing key (Ed25519). */
  fingerprint: z.string().nullable(),
  /** The key as signed-note verifiers take it: name+keyid+base64(key). */
  verifierKey: z.string().nullable(),
  anchorPath: z.string().nullable(),
  /** The tree covers entries after this id. */
  treeBase: z.number().int(),
  treeSize: z.number().int(),
  checkpointCount: z.number().int(),
  latest: CheckpointInfo.nullable(),
})
export type ProofStatus = z.infer<typeof ProofStatus>

/** An inclusion proof file (see the README: checking one with any SHA-256 tool). */
export const InclusionProof = z.object({
  format: z.literal('tessera-inclusion-proof/1'),
  entry: z.record(z.string(), z.unknown()),
  leafData: z.string(),
  leafIndex: z.number().int(),
  treeSize: z.number().int(),
  auditPath: z.array(z.string()),
  checkpoint: z.string(),
  verifierKey: z.string(),
})

export const ExportFormat = z.enum(['csv', 'json'])
export type ExportFormat = z.infer<typeof ExportFormat>

export const ExportProgress = z.object({
  rows: z.number().int(),
  done: z.boolean(),
  cancelled: z.boolean(),
  error: z.string().nullable(),
})
export type ExportProgress = z.infer<typeof ExportProgress>

/** What the ids of an entry name today; null when the thing is gone (or of another org). */
export const EntryNames = z.object({
  token: z.object({ id: Id, display: z.string(), userId: Id }).nullable(),
  project: z.object({ id: Id, title: z.string() }).nullable(),
  workspace: z.object({ id: Id, title: z.string() }).nullable(),
})
export type EntryNames = z.infer<typeof EntryNames>

const ExportId = z.string().min(1).max(64)

export const activityContracts = {
  'activity:list': contract(
    z
      .object({
        filter: ActivityFilter.default({}),
        cursor: Cursor.nullable().default(null),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    ActivityPage,
  ),
  'activity:count': contract(
    z.object({ filter: ActivityFilter.default({}) }).strict(),
    ActivityCount,
  ),
  /** Entries appended after `afterId` (live tail); `truncated` when more than `limit` arrived. */
  'activity:tail': contract(
    z
      .object({
        filter: ActivityFilter.default({}),
        afterId: z.number().int().nonnegative(),
        limit: z.number().int().min(1).max(500).default(200),
      })
      .strict(),
    z.object({ entries: z.array(ActivityEntry), truncated: z.boolean(), lastId: z.number().int() }),
  ),
  'activity:get': contract(z.object({ id: Id }).strict(), ActivityEntry),
  /** The token, project and workspace an entry names, as the detail panel shows them. */
  'activity:names': contract(
    z
      .object({
        tokenId: Id.nullable().default(null),
        projectId: Id.nullable().default(null),
        workspaceId: Id.nullable().default(null),
      })
      .strict(),
    EntryNames,
  ),
  'activity:verify': contract(z.object({}).strict().optional(), VerifyResult),
  /** The public key's fingerprint, the anchor file, the tree and the newest checkpoint. */
  'activity:proofStatus': contract(z.object({}).strict().optional(), ProofStatus),
  'activity:checkpoints': contract(
    z.object({ limit: z.number().int().min(1).max(500).default(20) }).strict(),
    z.array(CheckpointInfo),
  ),
  /** An inclusion proof of one entry against the newest signed checkpoint that holds it. */
  'activity:prove': contract(z.object({ id: Id }).strict(), InclusionProof),
  /**
   * Desktop only: writes the filtered set where the main process's save dialog says;
   * `{ cancelled: true }` when the user backs out. In a browser the export is a download
   * (GET /rpc/activity/export).
   */
  'activity:export': contract(
    z
      .object({
        filter: ActivityFilter.default({}),
        format: ExportFormat,
        exportId: ExportId.optional(),
      })
      .strict(),
    z.object({ rows: z.number().int(), path: z.string().nullable(), cancelled: z.boolean() }),
  ),
  'activity:exportProgress': contract(z.object({ exportId: ExportId }).strict(), ExportProgress),
  'activity:exportCancel': contract(
    z.object({ exportId: ExportId }).strict(),
    z.object({ ok: z.boolean() }),
  ),
} as const
