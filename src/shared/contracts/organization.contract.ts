import { z } from 'zod'
import { Id, Timestamp, Title, UserRef, Void } from '../schemas'
import { contract } from './contract'

export const OrgSettings = z.object({
  title: z.string(),
  seatLimit: z.number().int(),
  serviceAccountQuota: z.number().int(),
  apiKeysEnabled: z.boolean(),
  patsEnabled: z.boolean(),
  tokenMaxLifetimeDays: z.number().int().nullable(),
  activityRetentionDays: z.number().int(),
  /** The activity log's size budget, MB; at it the API fails closed (503). */
  activityBudgetMb: z.number().int(),
  apiEnabled: z.boolean(),
  apiHost: z.string(),
  apiPort: z.number().int(),
})
export type OrgSettings = z.infer<typeof OrgSettings>

/** Where the local API listens, and why not where it was asked to. */
export const ApiStatus = z.object({
  /** The running API's base URL, or null when it is off or could not start. */
  url: z.string().nullable(),
  /** The port the settings (or the command line) asked for; 0 means any free port. */
  requestedPort: z.number().int(),
  /** Set when that port was taken and the API listens on the next free one instead. */
  movedFrom: z.number().int().optional(),
  /** Why the API is not running although it is switched on. */
  error: z.string().optional(),
})
export type ApiStatus = z.infer<typeof ApiStatus>

/** The activity log's size against its budget: warn from 80 %, fail closed at 100 %. */
export const ActivityLogSize = z.object({
  /** Current size, bytes (measured in the background, estimated in between). */
  sizeBytes: z.number().nonnegative(),
  budgetBytes: z.number().nonnegative(),
  state: z.enum(['ok', 'warn', 'full']),
})
export type ActivityLogSize = z.infer<typeof ActivityLogSize>

export const OrganizationOverview = z.object({
  id: Id,
  title: z.string(),
  createdAt: Timestamp,
  owner: UserRef.nullable(),
  seatsUsed: z.number().int(),
  seatLimit: z.number().int(),
  serviceAccountsUsed: z.number().int(),
  serviceAccountQuota: z.number().int(),
  pendingQuotaRequests: z.number().int(),
  settings: OrgSettings,
  activityLog: ActivityLogSize,
  /** Where the local API listens right now, or null when it is off. Filled by the host. */
  apiUrl: z.string().nullable(),
  /** The desktop API's status; absent where the host has no such notion (serve mode). */
  apiStatus: ApiStatus.optional(),
})
export type OrganizationOverview = z.infer<typeof OrganizationOverview>

/** How long activity entries may be kept; outside this range a save is refused, never clamped. */
export const RETENTION_DAYS = { min: 1, max: 3650 } as const

/** The activity log's size budget, MB: 1 MB to 1 TB. */
export const BUDGET_MB = { min: 1, max: 1_048_576 } as const

export const SettingsPatch = z
  .object({
    title: Title,
    seatLimit: z.number().int().min(0).max(100000),
    apiKeysEnabled: z.boolean(),
    patsEnabled: z.boolean(),
    tokenMaxLifetimeDays: z.number().int().min(1).max(3650).nullable(),
    activityRetentionDays: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max),
    activityBudgetMb: z.number().int().min(BUDGET_MB.min).max(BUDGET_MB.max),
    apiEnabled: z.boolean(),
    apiHost: z.string().trim().min(1).max(253),
    apiPort: z.number().int().min(0).max(65535),
  })
  .partial()
  .strict()
export type SettingsPatch = z.infer<typeof SettingsPatch>

export const RetentionPreviewInput = z
  .object({ days: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max) })
  .strict()

/** What saving a retention period would purge, read before anything is changed. */
export const RetentionPreview = z.object({
  days: z.number().int(),
  /** Entries older than the cutoff: the next purge deletes them. */
  toDelete: z.number().int().nonnegative(),
  /** Entries kept in total today, for context. */
  total: z.number().int().nonnegative(),
  cutoff: Timestamp,
})
export type RetentionPreview = z.infer<typeof RetentionPreview>

export const organizationContracts = {
  'org:get': contract(Void, OrganizationOverview),
  'org:updateSettings': contract(SettingsPatch, OrganizationOverview),
  'org:retentionPreview': contract(RetentionPreviewInput, RetentionPreview),
} as const
