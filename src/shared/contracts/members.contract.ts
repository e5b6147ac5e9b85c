import { z } from 'zod'
import { PERSON_ROLES } from '../roles'
import { Email, Id, RoleSchema, Timestamp } from '../schemas'
import { contract } from './contract'

export const Member = z.object({
  userId: Id,
  username: z.string(),
  email: z.string(),
  displayName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  kind: z.enum(['human', 'service']),
  role: RoleSchema,
  userType: z.enum(['standard', 'service']),
  createdAt: Timestamp,
  lastActivity: Timestamp.nullable(),
  /** For service accounts: deleted (soft) accounts are listed only on request. */
  deleted: z.boolean(),
})
export type Member = z.infer<typeof Member>

export const MemberFilter = z
  .object({
    search: z.string().max(200).optional(),
    role: RoleSchema.optional(),
    kind: z.enum(['human', 'service']).optional(),
  })
  .strict()
  .optional()

const PersonName = z.string().trim().max(100)

export const membersContracts = {
  'members:list': contract(MemberFilter, z.array(Member)),
  'members:addPerson': contract(
    z
      .object({
        email: Email,
        firstName: PersonName.default(''),
        lastName: PersonName.default(''),
        role: z.enum(PERSON_ROLES),
      })
      .strict(),
    Member,
  ),
  'members:changeRole': contract(
    z.object({ userId: Id, role: z.enum(PERSON_ROLES) }).strict(),
    Member,
  ),
  'members:deactivate': contract(z.object({ userId: Id }).strict(), Member),
  'members:reactivate': contract(
    z.object({ userId: Id, role: z.enum(['AD', 'MA', 'RE', 'AN']).optional() }).strict(),
    Member,
  ),
} as const
