import type { Member } from '../../shared/contracts/members.contract'
import type { Project, Workspace } from '../../shared/contracts/workspaces.contract'
import type { UserRef } from '../../shared/schemas'
import type { MemberRow } from '../db/repos/memberships.repo'
import type { ProjectListRow } from '../db/repos/projects.repo'
import type { UserRow } from '../db/repos/users.repo'
import type { WorkspaceListRow } from '../db/repos/workspaces.repo'

/** Row ↔ DTO mapping shared by the services. */
export function displayName(
  u: Pick<UserRow, 'first_name' | 'last_name' | 'email' | 'username'>,
): string {
  const full = `${u.first_name} ${u.last_name}`.trim()
  return full || u.username || u.email
}

/** "Ada King Lovelace" → first "Ada", last "King Lovelace" (what a one-field form gives). */
export function splitName(name: string): { first: string; last: string } {
  const trimmed = name.trim()
  const at = trimmed.indexOf(' ')
  return at < 0
    ? { first: trimmed, last: '' }
    : { first: trimmed.slice(0, at), last: trimmed.slice(at + 1).trim() }
}

export function toUserRef(u: UserRow): UserRef {
  return { id: u.id, name: displayName(u), email: u.email }
}

export function toMember(m: MemberRow): Member {
  return {
    userId: m.user_id,
    username: m.username,
    email: m.email,
    displayName: displayName(m),
    firstName: m.first_name,
    lastName: m.last_name,
    kind: m.kind,
    role: m.role,
    userType: m.user_type,
    createdAt: m.created_at,
    lastActivity: m.last_activity,
    deleted: m.deleted_at !== null,
  }
}

export function toWorkspace(w: WorkspaceListRow): Workspace {
  return {
    id: w.id,
    title: w.title,
    description: w.description,
    color: w.color,
    createdAt: w.created_at,
    archivedAt: w.archived_at,
    projectCount: w.project_count,
    memberCount: w.member_count,
  }
}

export function toProject(p: ProjectListRow): Project {
  return {
    id: p.id,
    workspaceId: p.workspace_id,
    title: p.title,
    description: p.description,
    createdAt: p.created_at,
    archivedAt: p.archived_at,
    taskCount: p.task_count,
    memberCount: p.member_count,
  }
}
