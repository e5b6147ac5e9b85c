import { ROLE_LABELS, type Role } from '../../../../shared/roles'
import { GRACE_LABELS, type RotationGrace } from '../../../../shared/rotation'

/** What a sentence about an admin action can name, besides the entry's own details. */
export interface ActionNames {
  /** The member the action was done to (name of a service account, email of a person). */
  target: string | null
  project?: string | null
  workspace?: string | null
}

type Details = Record<string, unknown>

const parse = (details: string | null): Details => {
  try {
    const v: unknown = details === null ? {} : JSON.parse(details)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Details) : {}
  } catch {
    return {}
  }
}
const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null)
const role = (v: unknown): string => ROLE_LABELS[v as Role] ?? String(v ?? '?')
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** ", the previous one valid for 1 hour" when a reset kept the replaced token for a while. */
const graceText = (d: Details): string => {
  const grace = text(d.grace)
  return grace && grace !== 'none' && grace in GRACE_LABELS
    ? `, the previous one valid for ${GRACE_LABELS[grace as RotationGrace]}`
    : ''
}

/**
 * An admin action as a sentence an admin reads ("Reset the token of ocr-ingest"), from its
 * recorded action code and details. Unknown codes are shown as recorded.
 */
export function actionSentence(
  e: { action: string | null; details: string | null; targetUserId: number | null },
  names: ActionNames,
): string {
  const d = parse(e.details)
  const who =
    text(d.name) ??
    names.target ??
    (e.targetUserId === null ? 'someone' : `user #${e.targetUserId}`)
  const project = text(d.title) ?? names.project ?? 'a project'
  const workspace = text(d.title) ?? names.workspace ?? 'a workspace'
  const change = `from ${role(d.from)} to ${role(d.to)}`
  switch (e.action) {
    case 'service_account.create':
      return `Created the service account ${who} (${role(d.role)})`
    case 'service_account.assignments':
      return `Changed the workspaces and projects of ${who}`
    case 'service_account.role':
      return `Changed the role of ${who} ${change}`
    case 'service_account.deactivate':
      return d.rule === 'unused'
        ? `Deactivated the service account ${who}, unused for ${String(d.days)} days (organization rule)`
        : `Deactivated the service account ${who}`
    case 'service_account.reactivate':
      return `Reactivated the service account ${who} as ${role(d.to)}`
    case 'service_account.reset_token':
      return `Reset the token of ${who}${graceText(d)}`
    case 'service_account.networks':
      return Array.isArray(d.after) && d.after.length > 0
        ? `Limited ${who} to ${plural(d.after.length, 'network', 'networks')}: ${d.after.join(', ')}`
        : `Let ${who} be used from any address`
    case 'service_account.end_grace':
      return `Ended the previous token of ${who}`
    case 'service_account.delete':
      return `Deleted the service account ${who}`
    case 'service_account.undelete':
      return `Restored the service account ${who}`
    case 'member.add':
      return `Added ${who} as ${role(d.role)}`
    case 'member.role':
      return `Changed the role of ${who} ${change}`
    case 'member.deactivate':
      return `Deactivated ${who}`
    case 'member.reactivate':
      return `Reactivated ${who} as ${role(d.to)}`
    case 'project.create':
      return `Created the project ${project}`
    case 'project.update':
      return `Changed the project ${project}`
    case 'project.archive':
      return `Archived the project ${project}`
    case 'project.unarchive':
      return `Unarchived the project ${project}`
    case 'project.delete':
      return `Deleted the project ${project}`
    case 'project.member.add':
      return `Added ${who} to the project ${project}`
    case 'project.member.remove':
      return `Removed ${who} from the project ${project}`
    case 'workspace.create':
      return `Created the workspace ${workspace}`
    case 'workspace.update':
      return `Changed the workspace ${workspace}`
    case 'workspace.archive':
      return `Archived the workspace ${workspace}`
    case 'workspace.unarchive':
      return `Unarchived the workspace ${workspace}`
    case 'workspace.delete':
      return `Deleted the workspace ${workspace}`
    case 'workspace.member.add':
      return `Added ${who} to the workspace ${workspace}`
    case 'workspace.member.remove':
      return `Removed ${who} from the workspace ${workspace}`
    case 'quota.request':
      return `Asked for ${plural(Number(d.count), 'more service account', 'more service accounts')}`
    case 'quota.approve':
      return `Approved ${plural(Number(d.count), 'more service account', 'more service accounts')} (quota ${String(d.quotaBefore)} → ${String(d.quotaAfter)})`
    case 'quota.decline':
      return `Declined a request for ${plural(Number(d.count), 'more service account', 'more service accounts')}`
    case 'quota.raise':
      return `Raised the service-account quota from ${String(d.quotaBefore)} to ${String(d.quotaAfter)}`
    case 'organization.create':
      return 'Created the organization'
    case 'organization.stale_rule':
      return d.to === null || d.to === undefined
        ? 'Switched off the rule for unused service accounts'
        : `Set the rule: deactivate service accounts unused for ${String(d.to)} days`
    case 'organization.settings':
      return `Changed the organization settings (${Object.keys(d).join(', ') || 'none'})`
    case 'auth.setup':
      return `Set up Tessera with the Owner ${text(d.email) ?? who}`
    case 'admin.invite':
      return `Invited ${who} to sign in as an Administrator`
    case 'admin.sign_in_reset':
      return `Reset the sign-in of ${who} (new invitation)`
    case 'admin.invitation_revoke':
      return `Revoked the invitation of ${who}`
    case 'admin.sessions_end':
      return `Signed ${who} out everywhere (${plural(Number(d.ended ?? 0), 'session', 'sessions')})`
    case 'auth.invitation_accept':
      return 'Accepted the invitation and chose a password'
    case 'auth.session_end':
      return `Ended a session of ${who}${text(d.device) ? ` (${String(d.device)})` : ''}`
    case 'auth.sessions_end_others':
      return `Signed out of their other sessions (${plural(Number(d.ended ?? 0), 'session', 'sessions')})`
    case 'auth.totp_enable':
      return 'Turned on two-step sign-in'
    case 'auth.totp_disable':
      return 'Turned off two-step sign-in'
    case 'auth.totp_required':
      return d.required
        ? 'Required two-step sign-in for everyone who signs in'
        : 'Made two-step sign-in optional'
    case 'token.create':
      return 'Created a personal access token'
    case 'token.reset':
      return `Reset their own token${graceText(d)}`
    case 'activity.export':
      return `Exported the activity log${text(d.format) ? ` as ${String(d.format).toUpperCase()}` : ''}`
    case 'activity.anchor':
      return d.path
        ? `Set the activity log’s anchor file to ${String(d.path)}`
        : 'Stopped the activity log’s anchor file'
    case 'activity.key_export':
      return 'Exported the activity log key'
    case 'database.backup':
      return d.download ? 'Downloaded a backup of the database' : 'Backed up the database'
    default:
      return e.action ?? 'Admin action'
  }
}

/** A duration as people read it: "0.8 ms", "12 ms", "1.4 s". */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${Math.max(ms, 0.1).toFixed(1)} ms`
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
}
