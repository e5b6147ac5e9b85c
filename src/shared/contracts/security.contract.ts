import { z } from 'zod'
import { Id, Void } from '../schemas'
import { VerifyResult } from './activity.contract'
import { contract } from './contract'

export const LeakFinding = z.object({
  display: z.string(),
  status: z.enum(['live', 'revoked', 'not_ours', 'bad_checksum']),
  line: z.number().int(),
  occurrences: z.number().int(),
  account: z.object({ userId: Id, name: z.string(), deleted: z.boolean() }).nullable(),
  tokenId: Id.nullable(),
})
export type LeakFinding = z.infer<typeof LeakFinding>

export const BackupResult = z.object({ path: z.string(), bytes: z.number(), ms: z.number() })
export type BackupResult = z.infer<typeof BackupResult>

/** A backup made, or the desktop save dialog closed without choosing a file. */
export const BackupOutcome = z.discriminatedUnion('cancelled', [
  BackupResult.extend({ cancelled: z.literal(false) }),
  z.object({ cancelled: z.literal(true), path: z.null() }),
])
export type BackupOutcome = z.infer<typeof BackupOutcome>

/** A schema object that is not exactly what Tessera's migrations create. */
export const SchemaProblem = z.object({
  kind: z.enum(['unknown', 'changed', 'missing']),
  type: z.string(),
  name: z.string(),
})
export type SchemaProblem = z.infer<typeof SchemaProblem>

/** The database check: SQLite's integrity, the schema against the migrations, the log chain. */
export const DatabaseCheck = z.object({
  /** 'ok', or SQLite's description of the damage (quick_check). */
  integrity: z.string(),
  schemaVersion: z.number().int(),
  schema: z.object({ ok: z.boolean(), problems: z.array(SchemaProblem) }),
  chain: VerifyResult,
})
export type DatabaseCheck = z.infer<typeof DatabaseCheck>

/** 5 MB of pasted text or file contents per scan. */
export const SCAN_MAX_CHARS = 5_000_000

export const securityContracts = {
  'security:checkDatabase': contract(Void, DatabaseCheck),
  'security:scanTokens': contract(
    z.object({ text: z.string().max(SCAN_MAX_CHARS, 'Scan at most 5 MB at a time') }).strict(),
    z.array(LeakFinding),
  ),
  // The CSV comes back in every case: a browser offers it as a download; the desktop app has
  // also written it where its save dialog said (`path`), or reports that the user cancelled.
  'security:credentialReport': contract(
    Void,
    z.object({
      csv: z.string(),
      filename: z.string(),
      path: z.string().nullable(),
      cancelled: z.boolean(),
    }),
  ),
  // Desktop only: where to save comes from the main process's save dialog, never from the
  // page. In a browser a backup is a download (GET /rpc/backup/download).
  'backup:create': contract(Void, BackupOutcome),
} as const
