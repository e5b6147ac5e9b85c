import type { StaleAccount, StaleRule } from '../../shared/contracts/service-accounts.contract'
import type { ServiceAccountRole } from '../../shared/roles'
import type { Repos } from '../db/repos'
import type { ServiceAccountRow } from '../db/repos/service-accounts.repo'
import type { ActivityRecorder } from './activity/recorder'
import { DAY_MS, writeTransaction, type Actor, type EngineDeps } from './deps'
import { invalid } from './errors'
import { toUserRef } from './mappers'

/** The longest "unused for N days" the rule takes: ten years. */
export const STALE_DAYS_MAX = 3650

/**
 * Since when an account counts as unused: its last request with any token, or else when it
 * was created, and never before its last role change, so an account just reactivated has the
 * full N days again before the rule can deactivate it once more.
 */
export function unusedSince(repos: Repos, row: ServiceAccountRow): number {
  const member = repos.memberships.get(row.organization_id, row.user_id)
  const used = repos.apiTokens.lastUse(row.user_id)?.at ?? 0
  return Math.max(used, row.created_at, member?.updated_at ?? 0)
}

/**
 * The Owner's organization rule "deactivate service accounts unused for N days" (off by
 * default), its preview, and its daily run. Each deactivation is an ordinary one (role DI,
 * assignments kept, tokens refused), recorded like one and reversed by reactivating.
 */
export function staleAccountsService(deps: EngineDeps, repos: Repos, activity: ActivityRecorder) {
  function candidates(orgId: number, days: number, now: number): StaleAccount[] {
    return repos.serviceAccounts
      .list(orgId)
      .filter((a) => a.deleted_at === null)
      .flatMap((a) => {
        const role = repos.memberships.get(orgId, a.user_id)?.role as ServiceAccountRole | undefined
        if (!role || role === 'DI') return []
        const since = unusedSince(repos, a)
        const unusedDays = Math.floor((now - since) / DAY_MS)
        return unusedDays >= days
          ? [{ userId: a.user_id, name: a.name, role, unusedSince: since, unusedDays }]
          : []
      })
      .sort((x, y) => x.unusedSince - y.unusedSince)
  }

  function rule(orgId: number): StaleRule {
    const org = repos.organizations.get(orgId)!
    const by = org.stale_rule_by === null ? undefined : repos.users.get(org.stale_rule_by)
    return { days: org.stale_account_days, setBy: by ? toUserRef(by) : null }
  }

  function checkDays(days: number) {
    if (!Number.isInteger(days) || days < 1 || days > STALE_DAYS_MAX) {
      throw invalid(`Enter 1 to ${STALE_DAYS_MAX} days`, 'days')
    }
  }

  /** Deactivates what the organization's rule names today; returns the accounts it deactivated. */
  const apply = writeTransaction(deps.db, (orgId: number): StaleAccount[] => {
    const org = repos.organizations.get(orgId)
    if (!org || org.stale_account_days === null) return []
    const days = org.stale_account_days
    const actor: Actor = { userId: org.stale_rule_by ?? org.created_by!, organizationId: orgId }
    const now = deps.now()
    const found = candidates(orgId, days, now)
    for (const a of found) {
      repos.memberships.setRole(orgId, a.userId, 'DI', now)
      activity.admin(actor, {
        action: 'service_account.deactivate',
        targetUserId: a.userId,
        details: {
          name: a.name,
          from: a.role,
          to: 'DI',
          rule: 'unused',
          days,
          unusedSince: a.unusedSince,
        },
      })
    }
    return found
  })

  /** Switches the rule on (N days), changes N, or off (null); switching on applies it at once. */
  const setRule = writeTransaction(deps.db, (actor: Actor, days: number | null) => {
    if (days !== null) checkDays(days)
    const org = repos.organizations.get(actor.organizationId)!
    const from = org.stale_account_days
    if (from !== days) {
      repos.organizations.setStaleRule(
        actor.organizationId,
        days,
        days === null ? null : actor.userId,
        deps.now(),
      )
      activity.admin(actor, {
        action: 'organization.stale_rule',
        details: { from, to: days },
      })
    }
    const deactivated = days === null ? [] : apply(actor.organizationId)
    return { rule: rule(actor.organizationId), deactivated }
  })

  return {
    rule,
    setRule,
    /** The accounts a rule of `days` would deactivate today, before it is switched on. */
    preview(orgId: number, days: number): StaleAccount[] {
      checkDays(days)
      return candidates(orgId, days, deps.now())
    },
    /** The daily run over every organization; how many accounts it deactivated. */
    runAll(): number {
      return repos.organizations.all().reduce((n, org) => n + apply(org.id).length, 0)
    },
  }
}
export type StaleAccountsService = ReturnType<typeof staleAccountsService>
