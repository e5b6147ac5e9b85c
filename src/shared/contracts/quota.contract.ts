import { z } from 'zod'
import { Id, Timestamp, UserRef } from '../schemas'
import { contract } from './contract'

export const QuotaRequest = z.object({
  id: Id,
  count: z.number().int(),
  reason: z.string(),
  requestedBy: UserRef,
  requestedAt: Timestamp,
  status: z.enum(['pending', 'approved', 'declined']),
  decidedBy: UserRef.nullable(),
  decidedAt: Timestamp.nullable(),
  note: z.string().nullable(),
})
export type QuotaRequest = z.infer<typeof QuotaRequest>

const Count = z.number().int().min(1, 'Ask for at least 1').max(100, 'Ask for at most 100')

const Decision = z.object({ id: Id, note: z.string().max(1000).optional() }).strict()

export const quotaContracts = {
  'quota:list': contract(
    z
      .object({ status: z.enum(['pending', 'approved', 'declined']).optional() })
      .strict()
      .optional(),
    z.array(QuotaRequest),
  ),
  'quota:request': contract(
    z
      .object({
        count: Count,
        reason: z.string().trim().min(1, 'Say why the accounts are needed').max(1000),
      })
      .strict(),
    QuotaRequest,
  ),
  /** Owner only: raises the service-account quota at once, recorded in the activity log. */
  'quota:raise': contract(
    z.object({ count: Count, reason: z.string().max(1000).optional() }).strict(),
    z.object({ serviceAccountQuota: z.number().int() }),
  ),
  'quota:approve': contract(Decision, QuotaRequest),
  'quota:decline': contract(Decision, QuotaRequest),
} as const
