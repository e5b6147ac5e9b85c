import type { ActivityEntry } from '../../../shared/contracts/activity.contract'
import type { ActivityRow } from '../../db/repos/activity.repo'

export function toEntry(r: ActivityRow): ActivityEntry {
  return {
    id: r.id,
    ts: r.ts,
    organizationId: r.organization_id,
    kind: r.kind,
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    tokenId: r.token_id,
    ip: r.ip,
    userAgent: r.user_agent,
    method: r.method,
    url: r.url,
    status: r.status,
    durationMs: r.duration_ms,
    projectId: r.project_id,
    workspaceId: r.workspace_id,
    action: r.action,
    targetUserId: r.target_user_id,
    details: r.details,
    hash: r.hash.toString('hex'),
  }
}

/** The columns of an export, in order; the same names head the CSV and key the JSON. */
export const EXPORT_COLUMNS = [
  'id',
  'time',
  'kind',
  'actor_id',
  'actor_email',
  'token_id',
  'ip',
  'user_agent',
  'method',
  'url',
  'status',
  'duration_ms',
  'project_id',
  'workspace_id',
  'action',
  'target_user_id',
  'details',
  'hash',
] as const
