import type { AnnotationRow } from '../db/repos/annotations.repo'
import type { MemberRow } from '../db/repos/memberships.repo'
import type { OrganizationRow } from '../db/repos/organizations.repo'
import type { PredictionRow } from '../db/repos/predictions.repo'
import type { ProjectCreator, ProjectRow } from '../db/repos/projects.repo'
import type { ReviewRow } from '../db/repos/reviews.repo'
import type { ProjectStats, TaskListRow } from '../db/repos/tasks.repo'
import type { UserRow } from '../db/repos/users.repo'
import type { WorkspaceRow } from '../db/repos/workspaces.repo'
import type { Engine } from '../engine/engine'

/** Label Studio wire shapes (field names and ISO 8601 times) from our rows. */
export const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString()

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function initials(u: UserRow): string {
  const s = `${u.first_name[0] ?? ''}${u.last_name[0] ?? ''}` || u.email.slice(0, 2)
  return s.toLowerCase()
}

export function userBody(engine: Engine, u: UserRow, orgId: number) {
  const m = engine.repos.memberships.get(orgId, u.id)
  const userType = u.kind === 'service' ? 'service' : 'standard'
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    first_name: u.first_name,
    last_name: u.last_name,
    avatar: null,
    initials: initials(u),
    phone: '',
    allow_newsletters: false,
    date_joined: iso(u.created_at),
    last_activity: iso(u.last_activity ?? u.created_at),
    active_organization: orgId,
    user_type: userType,
    is_service_account: u.kind === 'service',
    org_membership: m
      ? [{ role: m.role, active: m.deleted_at === null, organization_id: orgId }]
      : [],
    organization_membership: m
      ? { role: m.role, active: m.deleted_at === null, user_type: userType }
      : null,
  }
}

/** whoami: the user plus the Enterprise fields that tell scripts what they are. */
export function whoamiBody(engine: Engine, u: UserRow, orgId: number) {
  const org = engine.repos.organizations.get(orgId)
  const base = userBody(engine, u, orgId)
  return {
    ...base,
    active_organization_meta: { title: org?.title ?? '', email: '' },
    permissions: [],
    social_accounts: [],
    pause: null,
    lse_fields: { user_type: base.user_type, email_notification_settings: {} },
  }
}

export const organizationListBody = (o: OrganizationRow) => ({
  id: o.id,
  title: o.title,
  contact_info: '',
  created_at: iso(o.created_at),
})

export const organizationBody = (o: OrganizationRow) => ({
  ...organizationListBody(o),
  token: '',
  billing: null,
  default_role: 'AN',
  custom_scripts_enabled: false,
  embed_enabled: false,
  email_notification_settings: {},
  react_code_settings: {},
})

export function membershipBody(engine: Engine, m: MemberRow) {
  const user = engine.repos.users.get(m.user_id)!
  return {
    id: m.id,
    organization: m.organization_id,
    user: {
      ...userBody(engine, user, m.organization_id),
      contributed_to_projects: [],
      created_projects: [],
    },
    role: m.role,
    role_source: 'organization',
    user_type: m.user_type,
    is_deleted: m.deleted_at !== null,
    created_at: iso(m.created_at),
    updated_at: iso(m.updated_at),
    tags: [],
    concurrency: {},
    flex: {},
    contributed_to_projects: [],
    created_projects: [],
  }
}

export function workspaceBody(engine: Engine, w: WorkspaceRow, viewerId: number) {
  const creator = engine.repos.users.get(w.created_by)
  return {
    id: w.id,
    title: w.title,
    description: w.description,
    color: w.color,
    is_personal: false,
    is_archived: w.archived_at !== null,
    created_by: w.created_by,
    created_by_user: creator
      ? {
          id: creator.id,
          email: creator.email,
          first_name: creator.first_name,
          last_name: creator.last_name,
        }
      : null,
    projects_count: engine.repos.workspaces.projectCount(w.id),
    membership: engine.repos.workspaceMembers.has(w.id, viewerId) ? { user: viewerId } : null,
    created_at: iso(w.created_at),
    updated_at: iso(w.updated_at),
  }
}

/**
 * The bodies of a page of projects. Counters, creator, workspace title and members are read
 * for the whole page in four statements, however long the page, not four per project.
 */
export function projectBodies(engine: Engine, rows: readonly ProjectRow[]) {
  if (rows.length === 0) return []
  const ids = rows.map((p) => p.id)
  const stats = engine.tasks.repo.projectStatsOf(ids)
  const creators = engine.repos.projects.creatorsOf(rows.map((p) => p.created_by))
  const workspaceIds = rows.flatMap((p) => (p.workspace_id === null ? [] : [p.workspace_id]))
  const titles = engine.repos.projects.workspaceTitlesOf(workspaceIds)
  const members = engine.repos.projects.membersOf(ids)
  return rows.map((p) =>
    projectBodyOf(p, {
      stats: stats.get(p.id)!,
      creator: creators.get(p.created_by),
      workspaceTitle: p.workspace_id === null ? undefined : titles.get(p.workspace_id),
      members: members.get(p.id) ?? [],
    }),
  )
}

export const projectBody = (engine: Engine, p: ProjectRow) => projectBodies(engine, [p])[0]!

interface ProjectExtras {
  stats: ProjectStats
  creator: ProjectCreator | undefined
  workspaceTitle: string | undefined
  members: readonly number[]
}

function projectBodyOf(p: ProjectRow, { stats, creator, workspaceTitle, members }: ProjectExtras) {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    label_config: p.label_config,
    expert_instruction: '',
    organization: p.organization_id,
    workspace: p.workspace_id,
    workspace_title: workspaceTitle ?? null,
    created_by: creator
      ? {
          id: creator.id,
          first_name: creator.first_name,
          last_name: creator.last_name,
          email: creator.email,
          avatar: null,
        }
      : null,
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
    is_published: false,
    is_draft: false,
    is_archived: p.archived_at !== null,
    color: '#FFFFFF',
    maximum_annotations: 1,
    show_skip_button: true,
    enable_empty_annotation: true,
    model_version: '',
    state: 'CREATED',
    ...stats,
    finished_task_number: stats.num_tasks_with_annotations,
    useful_annotation_number: stats.total_annotations_number,
    queue_total: stats.task_number,
    queue_done: stats.num_tasks_with_annotations,
    members: members.map((id) => ({ user: id })),
    members_count: members.length,
  }
}

export function annotationBody(engine: Engine, a: AnnotationRow) {
  const author = engine.repos.users.get(a.completed_by)
  const reviews = engine.reviews.ofAnnotation(a.id)
  const last = reviews[reviews.length - 1]
  return {
    id: a.id,
    task: a.task_id,
    project: a.project_id,
    completed_by: a.completed_by,
    created_username: author ? `${author.username}, ${author.id}` : '',
    created_ago: '',
    result: parse(a.result) ?? [],
    was_cancelled: a.was_cancelled === 1,
    ground_truth: a.ground_truth === 1,
    lead_time: a.lead_time,
    created_at: iso(a.created_at),
    updated_at: iso(a.updated_at),
    updated_by: a.completed_by,
    last_action: last
      ? last.action === 'fixed_accepted'
        ? 'fixed_and_accepted'
        : last.action
      : null,
    state: a.was_cancelled ? 'skipped' : last ? last.action : 'submitted',
  }
}

export const predictionBody = (p: PredictionRow) => ({
  id: p.id,
  task: p.task_id,
  project: p.project_id,
  result: parse(p.result) ?? [],
  score: p.score,
  model_version: p.model_version,
  created_ago: '',
  created_at: iso(p.created_at),
  updated_at: iso(p.updated_at),
  cluster: null,
  neighbors: null,
  mislabeling: 0,
})

export const reviewBody = (r: ReviewRow) => ({
  id: r.id,
  annotation: r.annotation_id,
  project: r.project_id,
  created_by: r.reviewer_id,
  accepted: r.action !== 'rejected',
  fixed: r.action === 'fixed_accepted',
  action: r.action,
  agreement: r.agreement,
  lead_time: r.lead_time,
  created_at: iso(r.created_at),
})

export function taskBody(engine: Engine, t: TaskListRow, full: boolean) {
  const base = {
    id: t.id,
    project: t.project_id,
    data: parse(t.data) ?? {},
    meta: parse(t.meta) ?? {},
    created_at: iso(t.created_at),
    updated_at: iso(t.updated_at),
    inner_id: t.id,
    is_labeled: t.total_annotations > 0,
    overlap: 1,
    file_upload: null,
    total_annotations: t.total_annotations,
    cancelled_annotations: t.cancelled_annotations,
    total_predictions: t.total_predictions,
  }
  if (!full) return base
  return {
    ...base,
    annotations: engine.annotations.ofTask(t.id).map((a) => annotationBody(engine, a)),
    predictions: engine.predictions.ofTask(t.id).map(predictionBody),
    drafts: [],
  }
}
