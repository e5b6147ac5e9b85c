import { z } from 'zod'
import {
  Description,
  Id,
  Ref,
  ServiceAccountName,
  ServiceAccountRoleSchema,
  Timestamp,
  UserRef,
  Void,
} from '../schemas'
import { RotationGraceSchema } from '../rotation'
import { contract } from './contract'

export const TokenInfo = z.object({
  id: Id,
  display: z.string(),
  kind: z.enum(['api_key', 'pat']),
  createdAt: Timestamp,
  expiresAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable(),
  lastUsedIp: z.string().nullable(),
  lastUsedUserAgent: z.string().nullable(),
})
export type TokenInfo = z.infer<typeof TokenInfo>

export const ServiceAccount = z.object({
  userId: Id,
  name: z.string(),
  description: z.string(),
  email: z.string(),
  role: ServiceAccountRoleSchema,
  workspaces: z.array(Ref),
  projects: z.array(Ref),
  token: TokenInfo.nullable(),
  /** The token a reset with a grace period replaced, while it is still accepted. */
  previousToken: z
    .object({
      id: Id,
      display: z.string(),
      validUntil: Timestamp,
      lastUsedAt: Timestamp.nullable(),
    })
    .nullable(),
  /** Addresses and CIDR ranges its tokens are accepted from; empty: any source. */
  allowedNetworks: z.array(z.string()),
  /**
   * The account's most recent request with any of its tokens, revoked ones included: a reset or
   * a deletion does not make an account that was just used read "never used".
   */
  lastUsed: z.object({ at: Timestamp, ip: z.string().nullable() }).nullable(),
  /** Since when it counts as unused: last use, else creation, never before its last role change. */
  unusedSince: Timestamp,
  createdBy: UserRef,
  createdAt: Timestamp,
  status: z.enum(['active', 'deactivated', 'deleted']),
  deletedAt: Timestamp.nullable(),
  /** Last moment an Undelete is possible; null unless deleted. */
  undeleteUntil: Timestamp.nullable(),
  /**
   * Moves on every change of role, assignments or deletion. An edit that sends the version its
   * form was opened with is refused (CONFLICT, field `version`) if someone changed it since.
   */
  version: z.number().int().positive(),
})
export type ServiceAccount = z.infer<typeof ServiceAccount>

/** An account the stale-account rule would deactivate (or did). */
export const StaleAccount = z.object({
  userId: Id,
  name: z.string(),
  role: ServiceAccountRoleSchema,
  unusedSince: Timestamp,
  unusedDays: z.number().int().nonnegative(),
})
export type StaleAccount = z.infer<typeof StaleAccount>

/** The Owner's rule "deactivate service accounts unused for N days"; days null: off. */
export const StaleRule = z.object({ days: z.number().int().nullable(), setBy: UserRef.nullable() })
export type StaleRule = z.infer<typeof StaleRule>

export const ProjectCan = z.object({
  read: z.boolean(),
  annotate: z.boolean(),
  review: z.boolean(),
  import: z.boolean(),
  export: z.boolean(),
  manageMembers: z.boolean(),
  administer: z.boolean(),
})
export type ProjectCan = z.infer<typeof ProjectCan>
export const WorkspaceCan = z.object({
  read: z.boolean(),
  manageMembers: z.boolean(),
  administer: z.boolean(),
})
export type WorkspaceCan = z.infer<typeof WorkspaceCan>

/** "What can this token do?", from the access policy the API enforces. */
export const Explanation = z.object({
  account: z.object({
    userId: Id,
    name: z.string(),
    role: ServiceAccountRoleSchema,
    status: z.enum(['active', 'deactivated', 'deleted']),
  }),
  /** Members, service accounts, settings and the activity log of the whole organization. */
  organizationAdmin: z.boolean(),
  workspaces: z.array(z.object({ id: Id, title: z.string(), can: WorkspaceCan })),
  projects: z.array(
    z.object({ id: Id, title: z.string(), workspace: Ref.nullable(), can: ProjectCan }),
  ),
  /** What it cannot do, in sentences (its token's state first). */
  cannot: z.array(z.string()),
})
export type Explanation = z.infer<typeof Explanation>

/** The one response that carries a token in plain text. */
export const IssuedToken = z.object({ account: ServiceAccount, token: z.string() })
export type IssuedToken = z.infer<typeof IssuedToken>

const Assignments = {
  workspaceIds: z.array(Id).max(500).default([]),
  projectIds: z.array(Id).max(500).default([]),
}
const ByUser = z.object({ userId: Id }).strict()
/** The version the admin's form was opened with; omitted, the edit applies to the current one. */
const ExpectedVersion = { expectedVersion: z.number().int().positive().optional() }

export const CreateServiceAccount = z
  .object({
    name: ServiceAccountName,
    description: Description.default(''),
    role: ServiceAccountRoleSchema,
    ...Assignments,
    /** When the token expires; omitted: the organization's maximum lifetime, or never. */
    expiresAt: Timestamp.nullable().optional(),
  })
  .strict()
export type CreateServiceAccount = z.input<typeof CreateServiceAccount>

export const serviceAccountsContracts = {
  'serviceAccounts:list': contract(
    z.object({ includeDeleted: z.boolean().optional() }).strict().optional(),
    z.array(ServiceAccount),
  ),
  'serviceAccounts:get': contract(ByUser, ServiceAccount),
  /** Live check for the create form: is this name free? */
  'serviceAccounts:checkName': contract(
    z.object({ name: z.string().max(200) }).strict(),
    z.object({ available: z.boolean(), message: z.string().nullable() }),
  ),
  'serviceAccounts:create': contract(CreateServiceAccount, IssuedToken),
  'serviceAccounts:changeRole': contract(
    z
      .object({ userId: Id, role: ServiceAccountRoleSchema, ...Assignments, ...ExpectedVersion })
      .strict(),
    ServiceAccount,
  ),
  'serviceAccounts:setAssignments': contract(
    z.object({ userId: Id, ...Assignments, ...ExpectedVersion }).strict(),
    ServiceAccount,
  ),
  'serviceAccounts:resetToken': contract(
    z
      .object({
        userId: Id,
        grace: RotationGraceSchema.default('none'),
        expiresAt: Timestamp.nullable().optional(),
      })
      .strict(),
    IssuedToken,
  ),
  /** Ends the previous token's grace period now. */
  'serviceAccounts:endGrace': contract(ByUser, ServiceAccount),
  /** Replaces the network allowlist (addresses and CIDR ranges; empty accepts any source). */
  'serviceAccounts:setNetworks': contract(
    z.object({ userId: Id, networks: z.array(z.string().max(100)).max(200) }).strict(),
    ServiceAccount,
  ),
  'serviceAccounts:staleRule': contract(Void, StaleRule),
  /** Owner only. Switching the rule on deactivates at once what the preview listed. */
  'serviceAccounts:setStaleRule': contract(
    z.object({ days: z.number().int().min(1).max(3650).nullable() }).strict(),
    z.object({ rule: StaleRule, deactivated: z.array(StaleAccount) }),
  ),
  'serviceAccounts:stalePreview': contract(
    z.object({ days: z.number().int().min(1).max(3650) }).strict(),
    z.array(StaleAccount),
  ),
  'serviceAccounts:explain': contract(ByUser, Explanation),
  'serviceAccounts:delete': contract(
    z.object({ userId: Id, confirmName: z.string().max(200), ...ExpectedVersion }).strict(),
    ServiceAccount,
  ),
  'serviceAccounts:undelete': contract(ByUser, IssuedToken),
} as const
