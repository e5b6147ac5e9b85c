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
  apiEnabled: z.boolean(),
  apiHost: z.string(),
  apiPort: z.number().int(),
})
export type OrgSettings = z.infer<typeof OrgSettings>

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
  /** Where the local API listens right now, or null when it is off. Filled by the host. */
  apiUrl: z.string().nullable(),
})
export type OrganizationOverview = z.infer<typeof OrganizationOverview>

export const SettingsPatch = z
  .object({
    title: Title,
    seatLimit: z.number().int().min(0).max(100000),
    apiKeysEnabled: z.boolean(),
    patsEnabled: z.boolean(),
    tokenMaxLifetimeDays: z.number().int().min(1).max(3650).nullable(),
    activityRetentionDays: z.number().int().min(1).max(3650),
    apiEnabled: z.boolean(),
    apiHost: z.string().trim().min(1).max(253),
    apiPort: z.number().int().min(0).max(65535),
  })
  .partial()
  .strict()
export type SettingsPatch = z.infer<typeof SettingsPatch>

export const organizationContracts = {
  'org:get': contract(Void, OrganizationOverview),
  'org:updateSettings': contract(SettingsPatch, OrganizationOverview),
} as const
