import type { ServiceAccount } from '../../shared/contracts/service-accounts.contract'
import type { ServiceAccountRole } from '../../shared/roles'
import type { Repos } from '../db/repos'
import type { ServiceAccountRow } from '../db/repos/service-accounts.repo'
import { DAY_MS } from './deps'
import { toUserRef } from './mappers'
import { unusedSince } from './stale-accounts.service'

export const UNDELETE_WINDOW_DAYS = 30
export const UNDELETE_WINDOW_MS = UNDELETE_WINDOW_DAYS * DAY_MS

/**
 * When a token stops working: its own expiry, or earlier when the organization's maximum
 * lifetime (which applies to tokens issued before it was set, too) ends it first.
 */
export function effectiveExpiry(
  token: { created_at: number; expires_at: number | null },
  maxLifetimeDays: number | null,
): number | null {
  const byMax = maxLifetimeDays ? token.created_at + maxLifetimeDays * DAY_MS : null
  if (token.expires_at === null) return byMax
  return byMax === null ? token.expires_at : Math.min(token.expires_at, byMax)
}

/** The account's network allowlist; empty when any source is accepted. */
export const networksOf = (row: ServiceAccountRow): string[] =>
  row.allowed_networks === null ? [] : (JSON.parse(row.allowed_networks) as string[])

/** Builds the ServiceAccount DTO: the account with its role, assignments and live token. */
export function serviceAccountView(
  repos: Repos,
  row: ServiceAccountRow,
  now: number,
): ServiceAccount {
  const user = repos.users.get(row.user_id)!
  const member = repos.memberships.get(row.organization_id, row.user_id)!
  const creator = repos.users.get(row.created_by)!
  const token = row.deleted_at === null ? repos.apiTokens.live(row.user_id)[0] : undefined
  const org = repos.organizations.get(row.organization_id)
  const previous =
    row.deleted_at === null ? repos.apiTokens.inGrace(row.user_id, now)[0] : undefined
  const refs = <T extends { id: number; title: string }>(
    ids: number[],
    get: (id: number) => T | undefined,
  ) =>
    ids.flatMap((id) => {
      const x = get(id)
      return x ? [{ id: x.id, title: x.title }] : []
    })
  return {
    userId: row.user_id,
    name: row.name,
    description: row.description,
    email: user.email,
    role: member.role as ServiceAccountRole,
    workspaces: refs(repos.workspaceMembers.ofUser(row.user_id), repos.workspaces.get),
    projects: refs(repos.projectMembers.ofUser(row.user_id), repos.projects.get),
    token: token
      ? {
          id: token.id,
          display: token.display,
          kind: token.kind,
          createdAt: token.created_at,
          expiresAt: effectiveExpiry(token, org?.token_max_lifetime_days ?? null),
          lastUsedAt: token.last_used_at,
          lastUsedIp: token.last_used_ip,
          lastUsedUserAgent: token.last_used_user_agent,
        }
      : null,
    previousToken: previous
      ? {
          id: previous.id,
          display: previous.display,
          validUntil: previous.grace_until!,
          lastUsedAt: previous.last_used_at,
        }
      : null,
    allowedNetworks: networksOf(row),
    lastUsed: repos.apiTokens.lastUse(row.user_id) ?? null,
    unusedSince: unusedSince(repos, row),
    createdBy: toUserRef(creator),
    createdAt: row.created_at,
    status: row.deleted_at !== null ? 'deleted' : member.role === 'DI' ? 'deactivated' : 'active',
    deletedAt: row.deleted_at,
    undeleteUntil: row.deleted_at === null ? null : row.deleted_at + UNDELETE_WINDOW_MS,
    version: row.version,
  }
}
