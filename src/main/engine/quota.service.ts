import type { QuotaRequest } from '../../shared/contracts/quota.contract'
import type { Repos } from '../db/repos'
import type { QuotaRequestRow } from '../db/repos/quota-requests.repo'
import type { ActivityRecorder } from './activity/recorder'
import { writeTransaction, type Actor, type EngineDeps } from './deps'
import { conflict, forbidden, notFound } from './errors'
import { toUserRef } from './mappers'

export function quotaService(deps: EngineDeps, repos: Repos, activity: ActivityRecorder) {
  function view(r: QuotaRequestRow): QuotaRequest {
    const decider = r.decided_by === null ? undefined : repos.users.get(r.decided_by)
    return {
      id: r.id,
      count: r.count,
      reason: r.reason,
      requestedBy: toUserRef(repos.users.get(r.requested_by)!),
      requestedAt: r.requested_at,
      status: r.status,
      decidedBy: decider ? toUserRef(decider) : null,
      decidedAt: r.decided_at,
      note: r.decision_note,
    }
  }

  const list = (orgId: number, status?: QuotaRequestRow['status']) =>
    repos.quotaRequests
      .list(orgId)
      .filter((r) => !status || r.status === status)
      .map(view)

  const request = writeTransaction(
    deps.db,
    (actor: Actor, count: number, reason: string): QuotaRequest => {
      const id = repos.quotaRequests.insert({
        organization_id: actor.organizationId,
        count,
        reason: reason.trim(),
        requested_by: actor.userId,
        requested_at: deps.now(),
      })
      activity.admin(actor, { action: 'quota.request', details: { requestId: id, count, reason } })
      return view(repos.quotaRequests.get(id)!)
    },
  )

  const decide = writeTransaction(
    deps.db,
    (actor: Actor, id: number, status: 'approved' | 'declined', note?: string): QuotaRequest => {
      const r = repos.quotaRequests.get(id)
      if (!r || r.organization_id !== actor.organizationId) throw notFound('Quota request', id)
      if (repos.memberships.get(actor.organizationId, actor.userId)?.role !== 'OW') {
        throw forbidden('Only the Owner can approve or decline quota requests')
      }
      if (r.status !== 'pending') throw conflict(`This request was already ${r.status}`)
      repos.quotaRequests.decide({
        id,
        status,
        decided_by: actor.userId,
        decided_at: deps.now(),
        decision_note: note?.trim() || null,
      })
      const org = repos.organizations.get(actor.organizationId)!
      if (status === 'approved') {
        repos.organizations.update(
          org.id,
          { service_account_quota: org.service_account_quota + r.count },
          deps.now(),
        )
      }
      activity.admin(actor, {
        action: status === 'approved' ? 'quota.approve' : 'quota.decline',
        details: {
          requestId: id,
          count: r.count,
          quotaBefore: org.service_account_quota,
          quotaAfter:
            status === 'approved' ? org.service_account_quota + r.count : org.service_account_quota,
        },
      })
      return view(repos.quotaRequests.get(id)!)
    },
  )

  /** The Owner raises the quota at once (no request to approve); recorded like an approval. */
  const raise = writeTransaction(
    deps.db,
    (actor: Actor, count: number, reason?: string): { serviceAccountQuota: number } => {
      const org = repos.organizations.get(actor.organizationId)!
      const quotaAfter = org.service_account_quota + count
      repos.organizations.update(org.id, { service_account_quota: quotaAfter }, deps.now())
      activity.admin(actor, {
        action: 'quota.raise',
        details: {
          count,
          quotaBefore: org.service_account_quota,
          quotaAfter,
          ...(reason?.trim() ? { reason: reason.trim() } : {}),
        },
      })
      return { serviceAccountQuota: quotaAfter }
    },
  )

  return {
    list,
    request,
    raise,
    approve: (actor: Actor, id: number, note?: string) => decide(actor, id, 'approved', note),
    decline: (actor: Actor, id: number, note?: string) => decide(actor, id, 'declined', note),
  }
}
export type QuotaService = ReturnType<typeof quotaService>
