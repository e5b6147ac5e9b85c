import {
  RETENTION_DAYS,
  type ActivityLogSize,
  type OrganizationOverview,
  type OrgSettings,
  type RetentionPreview,
  type SettingsPatch,
} from '../../shared/contracts/organization.contract'
import type { OrganizationRow } from '../db/repos/organizations.repo'
import type { Repos } from '../db/repos'
import type { BudgetStatus } from './activity/budget'
import type { ActivityRecorder } from './activity/recorder'
import type { EngineEvents } from './engine'
import { DAY_MS, writeTransaction, type Actor, type EngineDeps } from './deps'
import { forbidden, invalid, notFound } from './errors'
import { toUserRef } from './mappers'

export interface FirstRun {
  title?: string
  ownerEmail?: string
  ownerFirstName?: string
  ownerLastName?: string
}

function toSettings(o: OrganizationRow): OrgSettings {
  return {
    title: o.title,
    seatLimit: o.seat_limit,
    serviceAccountQuota: o.service_account_quota,
    apiKeysEnabled: o.api_keys_enabled === 1,
    patsEnabled: o.pats_enabled === 1,
    tokenMaxLifetimeDays: o.token_max_lifetime_days,
    activityRetentionDays: o.activity_retention_days,
    activityBudgetMb: o.activity_budget_mb,
    apiEnabled: o.api_enabled === 1,
    apiHost: o.api_host,
    apiPort: o.api_port,
  }
}

/**
 * Settings only the Owner may change, whatever the transport: where the API listens and whether
 * it runs, which kinds of token are accepted and how long they live, and shortening retention
 * (which destroys history). An Administrator can still change the title, seats and lengthen
 * retention. Only an actual change counts, so a form that sends every field back is fine.
 */
const OWNER_ONLY: {
  key: keyof SettingsPatch & keyof OrgSettings
  label: string
  applies?: (before: OrgSettings, after: number) => boolean
}[] = [
  { key: 'apiEnabled', label: 'whether the local API runs' },
  { key: 'apiHost', label: 'the API address' },
  { key: 'apiPort', label: 'the API port' },
  { key: 'apiKeysEnabled', label: 'whether API keys are accepted' },
  { key: 'patsEnabled', label: 'whether personal access tokens are accepted' },
  { key: 'tokenMaxLifetimeDays', label: 'the maximum token lifetime' },
  {
    key: 'activityRetentionDays',
    label: 'activity retention to a shorter period',
    applies: (before, after) => after < before.activityRetentionDays,
  },
  {
    key: 'activityBudgetMb',
    label: "the activity log's size budget to a smaller size",
    applies: (before, after) => after < before.activityBudgetMb,
  },
]

/**
 * A retention period outside the range is refused, whatever the transport: clamping 0 to 1 day
 * would quietly let the next purge delete almost the whole log.
 */
function checkRetention(days: number | undefined): void {
  if (days === undefined) return
  if (!Number.isInteger(days) || days < RETENTION_DAYS.min || days > RETENTION_DAYS.max) {
    throw invalid(
      `Keep activity entries for ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} days (whole days)`,
      'activityRetentionDays',
    )
  }
}

const logSize = (s: BudgetStatus): ActivityLogSize => ({
  sizeBytes: s.sizeBytes,
  budgetBytes: s.budgetBytes,
  state: s.state,
})

const bit = (v: boolean | undefined) =>
  v === undefined ? undefined : v ? (1 as const) : (0 as const)

export function organizationService(
  deps: EngineDeps,
  repos: Repos,
  activity: ActivityRecorder,
  events: EngineEvents,
) {
  // Crossing 80 % or 100 % (either way) is news for the Organization screen and its warning.
  activity.budget.onState(() => events.emit('data:changed', { domain: 'org' }))
  /**
   * The organization of this database, created with its Owner on first run. Returns the actor
   * that stands for the local operator (the Owner).
   */
  const ensure = writeTransaction(deps.db, (first: FirstRun = {}): Actor => {
    const existing = repos.organizations.first()
    if (existing) {
      const owner = repos.memberships.owner(existing.id)
      if (!owner) throw new Error('organization has no owner')
      return { organizationId: existing.id, userId: owner.user_id }
    }
    const now = deps.now()
    const orgId = repos.organizations.insert(first.title ?? 'My Organization', now)
    const email = first.ownerEmail ?? 'owner@localhost'
    const userId = repos.users.insert({
      username: email.split('@')[0] || 'owner',
      email,
      first_name: first.ownerFirstName ?? 'Owner',
      last_name: first.ownerLastName ?? '',
      kind: 'human',
      created_at: now,
    })
    repos.memberships.insert({
      organization_id: orgId,
      user_id: userId,
      role: 'OW',
      user_type: 'standard',
      created_at: now,
    })
    repos.organizations.setOwner(orgId, userId)
    const actor = { organizationId: orgId, userId }
    activity.admin(actor, { action: 'organization.create', targetUserId: userId })
    return actor
  })

  function overview(orgId: number, apiUrl: string | null = null): OrganizationOverview {
    const o = repos.organizations.get(orgId)
    if (!o) throw notFound('Organization', orgId)
    const owner = repos.memberships.owner(orgId)
    const ownerUser = owner ? repos.users.get(owner.user_id) : undefined
    return {
      id: o.id,
      title: o.title,
      createdAt: o.created_at,
      owner: ownerUser ? toUserRef(ownerUser) : null,
      seatsUsed: repos.memberships.seatsUsed(orgId),
      seatLimit: o.seat_limit,
      serviceAccountsUsed: repos.serviceAccounts.countLive(orgId),
      serviceAccountQuota: o.service_account_quota,
      pendingQuotaRequests: repos.quotaRequests.pendingCount(orgId),
      settings: toSettings(o),
      activityLog: logSize(activity.budget.status()),
      apiUrl,
    }
  }

  const saveSettings = writeTransaction(deps.db, (actor: Actor, patch: SettingsPatch) => {
    const before = repos.organizations.get(actor.organizationId)
    if (!before) throw notFound('Organization', actor.organizationId)
    checkRetention(patch.activityRetentionDays)
    if (repos.memberships.get(before.id, actor.userId)?.role !== 'OW') {
      const current = toSettings(before)
      for (const rule of OWNER_ONLY) {
        const next = patch[rule.key]
        if (next === undefined || next === current[rule.key]) continue
        if (rule.applies && !rule.applies(current, next as number)) continue
        throw forbidden(`Only the organization Owner can change ${rule.label}.`)
      }
    }
    if (patch.seatLimit !== undefined && patch.seatLimit < repos.memberships.seatsUsed(before.id)) {
      throw invalid(
        `${repos.memberships.seatsUsed(before.id)} seats are in use; deactivate people before lowering the limit`,
        'seatLimit',
      )
    }
    repos.organizations.update(
      before.id,
      {
        title: patch.title,
        seat_limit: patch.seatLimit,
        api_keys_enabled: bit(patch.apiKeysEnabled),
        pats_enabled: bit(patch.patsEnabled),
        token_max_lifetime_days: patch.tokenMaxLifetimeDays,
        activity_retention_days: patch.activityRetentionDays,
        activity_budget_mb: patch.activityBudgetMb,
        api_enabled: bit(patch.apiEnabled),
        api_host: patch.apiHost,
        api_port: patch.apiPort,
      },
      deps.now(),
    )
    const changed = Object.fromEntries(
      Object.entries(patch).filter(([k, v]) => toSettings(before)[k as keyof OrgSettings] !== v),
    )
    if (Object.keys(changed).length > 0) {
      activity.admin(actor, { action: 'organization.settings', details: changed })
    }
    return overview(before.id)
  })

  // Told after the commit, so listeners (the local API following its address) read the new row.
  const updateSettings = (actor: Actor, patch: SettingsPatch): OrganizationOverview => {
    const saved = saveSettings(actor, patch)
    // A raised budget resumes the API with the very next request.
    const result = { ...saved, activityLog: logSize(activity.budget.budgetChanged()) }
    events.emit('settings:changed', { organizationId: actor.organizationId })
    return result
  }

  /** How many entries a retention of `days` would purge now; changes nothing. */
  function retentionPreview(orgId: number, days: number): RetentionPreview {
    checkRetention(days)
    const cutoff = deps.now() - days * DAY_MS
    return {
      days,
      toDelete: repos.activity.countOlderThan(orgId, cutoff),
      total: repos.activity.total(orgId),
      cutoff,
    }
  }

  return {
    ensure,
    overview,
    updateSettings,
    retentionPreview,
    settings: (orgId: number) => overview(orgId).settings,
  }
}
export type OrganizationService = ReturnType<typeof organizationService>
