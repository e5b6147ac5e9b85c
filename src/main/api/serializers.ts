import type { OrganizationRow } from '../db/repos/organizations.repo'
import type { PredictionRow } from '../db/repos/predictions.repo'
import type { ReviewRow } from '../db/repos/reviews.repo'
import type { TaskListRow } from '../db/repos/tasks.repo'
import type { UserRow } from '../db/repos/users.repo'
import type { MembershipDetail, UserDetail } from '../engine/directory.service'
import type { ProjectDetail } from '../engine/projects.service'
import type { AnnotationDetail } from '../engine/work/annotations.service'
import type { TaskDetail } from '../engine/work/tasks.service'
import type { WorkspaceDetail } from '../engine/workspaces.service'

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
const parseArray = (text: string): unknown[] => {
  const v = parse(text)
  return Array.isArray(v) ? v : []
}
const parseObject = (text: string): Record<string, unknown> => {
  const v = parse(text)
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {}
}

function initials(u: UserRow): string {
  const s = `${u.first_name[0] ?? ''}${u.last_name[0] ?? ''}` || u.email.slice(0, 2)
  return s.toLowerCase()
}

export function userBody({ user: u, organizationId: orgId, membership: m }: UserDetail) {
  const userType: 'service' | 'standard' = u.kind === 'service' ? 'service' : 'standard'
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    first_name: u.first_name,
    last_name: u.last_name,
    avatar: null,
    initials: initials(u),
    phone: '',
    custom_hotkeys: {},
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
export function whoamiBody(me: UserDetail & { organization: OrganizationRow }) {
  const org = me.organization
  const base = userBody(me)
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

export function membershipBody({ membership: m, user }: MembershipDetail) {
  return {
    id: m.id,
    organization: m.organization_id,
    user: {
      ...userBody(user),
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

export function workspaceBody(
  { workspace: w, creator, projectsCount, viewerIsMember }: WorkspaceDetail,
  viewerId: number,
) {
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
    projects_count: projectsCount,
    membership: viewerIsMember ? { user: viewerId } : null,
    created_at: iso(w.created_at),
    updated_at: iso(w.updated_at),
  }
}

/** A project with its counters, creator, workspace title and members. */
export function projectBody({
  project: p,
  stats,
  creator,
  workspaceTitle,
  members,
}: ProjectDetail) {
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

export function annotationBody({ annotation: a, author, lastReview: last }: AnnotationDetail) {
  return {
    id: a.id,
    task: a.task_id,
    project: a.project_id,
    completed_by: a.completed_by,
    created_username: author ? `${author.username}, ${author.id}` : '',
    created_ago: '',
    result: parseArray(a.result),
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
    // Label Studio's fields for drafts, imports and parent links: Tessera has none of them.
    bulk_created: false,
    draft_created_at: null,
    import_id: null,
    last_created_by: null,
    parent_annotation: null,
    parent_prediction: null,
  }
}

export const predictionBody = (p: PredictionRow) => ({
  id: p.id,
  task: p.task_id,
  project: p.project_id,
  result: parseArray(p.result),
  score: p.score,
  model_version: p.model_version,
  created_ago: '',
  created_at: iso(p.created_at),
  updated_at: iso(p.updated_at),
  cluster: null,
  neighbors: null,
  mislabeling: 0,
  // Predictions come from scripts, not from Label Studio's ML models or model runs.
  model: null,
  model_run: null,
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

/** A task in a list (no annotations); `taskDetailBody` for one task. */
export function taskBody(t: TaskListRow) {
  return {
    id: t.id,
    project: t.project_id,
    data: parseObject(t.data),
    meta: parseObject(t.meta),
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
}

export function taskDetailBody({ task, annotations, predictions }: TaskDetail) {
  return {
    ...taskBody(task),
    annotations: annotations.map(annotationBody),
    predictions: predictions.map(predictionBody),
    drafts: [],
  }
}
