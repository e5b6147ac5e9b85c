import { z } from 'zod'
import { RotationGraceSchema } from '../../shared/rotation'

/**
 * The wire shapes of the local API, declared once: route modules put these in their `schema`
 * so Fastify validates requests at the boundary (through the zod type provider), handlers get
 * typed params and queries, responses are checked against what is documented, and
 * `GET /api/schema/` is generated from the same objects. Response objects are loose: the
 * top-level fields listed here are guaranteed, nested details may carry more.
 */

/** A path id as Django's `<int:pk>`: anything else is a 404 (see errors.ts), never a 400. */
export const PATH_ID = /^[1-9][0-9]{0,15}$/
export const PathId = z.string().regex(PATH_ID).transform(Number)
export const IdParams = z.object({ id: PathId })

/** A query value as typed (repeated keys are refused), optional. */
export const QueryText = z.string().max(10_000).optional()
export const PageQuery = { page: QueryText, page_size: QueryText }

/** An id in a query string: validated by the handler, so a malformed one names its field. */
export const QueryId = QueryText

const Id = z.number().int()
const Time = z.string().nullable().describe('ISO 8601')
const Json = z.unknown()

export const ErrorBody = z.object({
  id: z.string(),
  status_code: z.number().int(),
  version: z.string(),
  detail: z.string(),
  exc_info: z.null(),
  validation_errors: z.record(z.string(), z.array(z.string())).optional(),
})

export const NoContent = z.undefined().describe('No content')

export const User = z.looseObject({
  id: Id,
  username: z.string(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  avatar: z.string().nullable(),
  initials: z.string(),
  phone: z.string(),
  custom_hotkeys: Json,
  allow_newsletters: z.boolean(),
  date_joined: Time,
  last_activity: Time,
  active_organization: Id.nullable(),
  user_type: z.enum(['standard', 'service']),
  is_service_account: z.boolean(),
  org_membership: z.array(z.looseObject({ role: z.string(), active: z.boolean() })),
  organization_membership: z.looseObject({ role: z.string(), active: z.boolean() }).nullable(),
})

export const WhoAmI = User.extend({
  active_organization_meta: z.looseObject({ title: z.string() }),
  permissions: z.array(z.string()),
  social_accounts: z.array(Json),
  pause: Json,
  lse_fields: z.looseObject({ user_type: z.string() }),
})

export const OrganizationListItem = z.looseObject({
  id: Id,
  title: z.string(),
  contact_info: z.string(),
  created_at: Time,
})

export const Organization = OrganizationListItem.extend({
  token: z.string(),
  billing: Json,
  default_role: z.string(),
  custom_scripts_enabled: z.boolean(),
  embed_enabled: z.boolean(),
  email_notification_settings: Json,
  react_code_settings: Json,
})

export const Membership = z.looseObject({
  id: Id,
  organization: Id,
  user: User,
  role: z.string(),
  role_source: z.string(),
  user_type: z.string(),
  is_deleted: z.boolean(),
  created_at: Time,
  updated_at: Time,
  tags: z.array(Json),
  concurrency: Json,
  flex: Json,
  contributed_to_projects: z.array(Json),
  created_projects: z.array(Json),
})

export const Workspace = z.looseObject({
  id: Id,
  title: z.string(),
  description: z.string(),
  color: z.string(),
  is_personal: z.boolean(),
  is_archived: z.boolean(),
  created_by: Id.nullable(),
  created_by_user: z.looseObject({ id: Id, email: z.string() }).nullable(),
  projects_count: z.number().int(),
  membership: z.looseObject({ user: Id }).nullable(),
  created_at: Time,
  updated_at: Time,
})

export const WorkspaceMember = z.looseObject({ workspace: Id, user: User })

export const Project = z.looseObject({
  id: Id,
  title: z.string(),
  description: z.string(),
  label_config: z.string(),
  expert_instruction: z.string(),
  organization: Id,
  workspace: Id.nullable(),
  workspace_title: z.string().nullable(),
  created_by: z.looseObject({ id: Id, email: z.string() }).nullable(),
  created_at: Time,
  updated_at: Time,
  is_published: z.boolean(),
  is_draft: z.boolean(),
  is_archived: z.boolean(),
  color: z.string(),
  maximum_annotations: z.number().int(),
  show_skip_button: z.boolean(),
  enable_empty_annotation: z.boolean(),
  model_version: z.string(),
  state: z.string(),
  task_number: z.number().int(),
  total_annotations_number: z.number().int(),
  skipped_annotations_number: z.number().int(),
  ground_truth_number: z.number().int(),
  total_predictions_number: z.number().int(),
  num_tasks_with_annotations: z.number().int(),
  finished_task_number: z.number().int(),
  useful_annotation_number: z.number().int(),
  queue_total: z.number().int(),
  queue_done: z.number().int(),
  members: z.array(z.looseObject({ user: Id })),
  members_count: z.number().int(),
})

export const Annotation = z.looseObject({
  id: Id,
  task: Id,
  project: Id,
  completed_by: Id.nullable(),
  created_username: z.string(),
  created_ago: z.string(),
  result: z.array(Json),
  was_cancelled: z.boolean(),
  ground_truth: z.boolean(),
  lead_time: z.number().nullable(),
  created_at: Time,
  updated_at: Time,
  updated_by: Id.nullable(),
  last_action: z.string().nullable(),
  state: z.string(),
  bulk_created: z.boolean(),
  draft_created_at: Time,
  import_id: Id.nullable(),
  last_created_by: Id.nullable(),
  parent_annotation: Id.nullable(),
  parent_prediction: Id.nullable(),
})

export const Prediction = z.looseObject({
  id: Id,
  task: Id,
  project: Id,
  result: z.array(Json),
  score: z.number().nullable(),
  model_version: z.string(),
  created_ago: z.string(),
  created_at: Time,
  updated_at: Time,
  cluster: Json,
  neighbors: Json,
  mislabeling: z.number(),
  model: Json,
  model_run: Json,
})

export const Review = z.looseObject({
  id: Id,
  annotation: Id,
  project: Id,
  created_by: Id.nullable(),
  accepted: z.boolean(),
  fixed: z.boolean(),
  action: z.string(),
  agreement: z.number().nullable(),
  lead_time: z.number().nullable(),
  created_at: Time,
})

export const Task = z.looseObject({
  id: Id,
  project: Id,
  data: z.record(z.string(), Json),
  meta: Json,
  created_at: Time,
  updated_at: Time,
  inner_id: Id,
  is_labeled: z.boolean(),
  overlap: z.number().int(),
  file_upload: Json,
  total_annotations: z.number().int(),
  cancelled_annotations: z.number().int(),
  total_predictions: z.number().int(),
})

export const TaskDetail = Task.extend({
  annotations: z.array(Annotation),
  predictions: z.array(Prediction),
  drafts: z.array(Json),
})

/** Label Studio's TaskPagination answer. */
export const TaskPage = z.looseObject({
  total_annotations: z.number().int(),
  total_predictions: z.number().int(),
  total: z.number().int(),
  tasks: z.array(Task),
})

/** Django REST Framework's page-number pagination. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  })

export const PersonalToken = z.looseObject({
  token: z.string(),
  created_at: Time,
  expires_at: Time,
})

export const TokenOnly = z.looseObject({ token: z.string() })

/**
 * Tessera extension of a token reset: `grace` keeps the replaced token valid for a while.
 * Label Studio clients send no body, which resets as Label Studio does.
 */
/** A moment in ISO 8601 with its offset (`2026-03-01T00:00:00Z`), read as epoch ms. */
export const IsoTime = z.iso
  .datetime({ offset: true })
  .transform((s) => Date.parse(s))
  .describe('ISO 8601 date and time with offset')

/** Tessera extension of token issuing: when it expires (null: never, if the org allows). */
export const ExpiresAtField = IsoTime.nullable()
  .optional()
  .describe(
    "Tessera extension: when the new token expires (default: the organization's maximum lifetime, or never)",
  )

export const ResetTokenBody = z
  .object({ grace: RotationGraceSchema.optional(), expires_at: ExpiresAtField })
  .optional()
  .describe("Tessera extension: how long the replaced token stays valid (default 'none')")

/** A reset's answer: the new token, and when the replaced one stops working if it has a grace. */
export const ResetTokenAnswer = TokenOnly.extend({
  previous_token_valid_until: z.string().optional(),
})

export const ServiceAccountToken = z.looseObject({
  id: Id,
  display: z.string(),
  created_at: Time,
  expires_at: Time,
  last_used_at: Time,
  last_used_ip: z.string().nullable(),
  last_used_user_agent: z.string().nullable(),
})

export const ServiceAccount = z.looseObject({
  id: Id,
  user_id: Id,
  name: z.string(),
  description: z.string(),
  email: z.string(),
  role: z.string(),
  user_type: z.literal('service'),
  status: z.string(),
  workspaces: z.array(Id),
  projects: z.array(Id),
  token: ServiceAccountToken.nullable(),
  previous_token: z
    .looseObject({
      id: Id,
      display: z.string(),
      valid_until: z.string(),
      last_used_at: Time,
    })
    .nullable()
    .describe('Tessera extension: the token a reset replaced, while its grace period runs'),
  allowed_networks: z
    .array(z.string())
    .describe('Tessera extension: addresses and CIDR ranges its tokens are accepted from'),
  unused_since: z
    .string()
    .describe('Tessera extension: last use, else creation, never before its last role change'),
  created_by: Id.nullable(),
  created_at: Time,
  deleted_at: Time,
})

export const CreatedServiceAccount = ServiceAccount.extend({
  token: z.string().describe('The API token, shown only in this answer'),
})

export const ActivityLogEntry = z.looseObject({
  id: Id,
  datetime: z.string(),
  duration: z.number().nullable(),
  email: z.string(),
  extra_data: Json,
  http_referer: z.string(),
  ip_address: z.string().nullable(),
  organization_id: Id,
  project_id: Id.nullable(),
  request_method: z.string(),
  request_url: z.string(),
  response_code: z.string(),
  user_agent: z.string(),
  user_id: Id,
  user_session: Json,
  workspace_owner_id: Id.nullable(),
})

export const ActivityLogPage = z.looseObject({
  recordsTotal: z.number().int(),
  recordsFiltered: z.number().int(),
  data: z.array(ActivityLogEntry),
})

export const ImportResult = z.looseObject({
  task_count: z.number().int(),
  annotation_count: z.number().int(),
  prediction_count: z.number().int(),
  duration: z.number(),
  file_upload_ids: z.array(Id).optional(),
  could_be_tasks_list: z.boolean().optional(),
  found_formats: Json.optional(),
  data_columns: z.array(z.string()).optional(),
})

/** An answer streamed as it is read (large pages, exports): documented, not re-serialized. */
export const streamed = (description: string) => z.unknown().describe(description)
