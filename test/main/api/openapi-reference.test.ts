/**
 * GET /api/schema/ against Label Studio's own OpenAPI document (the subset in
 * reference/label-studio-api-subset.yaml, from HumanSignal/label-studio-client-generator):
 * the document is valid OpenAPI 3, and for every path of the reference that Tessera serves the
 * methods, the required parameters and the top-level response fields agree — except for the
 * differences listed below, each with its reason. A new difference fails this test until it
 * is listed; a listed one that disappears fails it too, so the list stays true.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { buildApiServer } from '../../../src/main/api/server'
import { makeEngine } from '../../support/engine'

// A copy of the team's reference (../shared/reference/), kept in the repository so CI has it.
const REFERENCE = join(__dirname, 'reference/label-studio-api-subset.yaml')

type Json = Record<string, unknown>
interface Doc {
  paths: Record<string, Record<string, Json>>
  components?: { schemas?: Record<string, Json> }
}

/** Paths of the reference Tessera does not serve, and why. */
const NOT_SERVED: Record<string, string> = {
  '/api/current-user/token':
    "returns the caller's stored API key in clear; Tessera keeps only SHA-256 hashes of tokens (shown once, reset with POST /api/current-user/reset-token/)",
  '/api/organizations/{id}/memberships/{user_pk}':
    'people are managed in the admin UI; the REST API changes a role with PATCH /api/organizations/{id}/memberships',
  '/api/token/blacklist':
    'personal access tokens are revoked by their owner in the admin UI or replaced with POST /api/token/',
  '/api/token/rotate': 'personal access tokens are replaced with POST /api/token/',
  '/api/jwt/settings': 'the organization’s token settings are changed in the admin UI (Settings)',
}

/** Methods of a served path Tessera does not offer, and why. */
const METHODS_NOT_SERVED: Record<string, { methods: string[]; why: string }> = {
  '/api/current-user': {
    methods: ['patch'],
    why: 'a service account’s profile is set by the admin who created it',
  },
  '/api/users': {
    methods: ['post'],
    why: 'members are added in the admin UI; service accounts through the service-accounts API',
  },
  '/api/users/{id}': {
    methods: ['delete', 'patch'],
    why: 'members are edited and removed in the admin UI, where the change is confirmed and recorded',
  },
  '/api/organizations/{id}': {
    methods: ['patch'],
    why: 'organization settings are changed by the Owner in the admin UI',
  },
  '/api/predictions/{id}': {
    methods: ['delete', 'patch', 'put'],
    why: 'predictions are written once by scripts; replacing them is a new prediction',
  },
}

/** Top-level response fields of Label Studio that Tessera does not send, by resource. */
const FIELDS_NOT_SENT: { paths: RegExp; fields: string[]; why: string }[] = [
  {
    paths: /^\/api\/(current-user|users|projects\/\{id\}\/members)/,
    fields: ['active_organization_meta', 'lse_fields', 'pause'],
    why: 'whoami carries these; other user answers are the plain user, as Label Studio Community’s UserSerializer',
  },
  {
    paths: /^\/api\/organizations\/\{id\}$/,
    fields: [
      'custom_interfaces_enabled',
      'embed_domains',
      'embed_settings',
      'external_id',
      'interface_settings',
    ],
    why: 'embedding and custom interfaces are Label Studio Enterprise features Tessera does not have',
  },
  {
    paths: /^\/api\/(projects|workspaces\/\{id\}\/projects)/,
    fields: [
      'agreement_methodology',
      'agreement_threshold',
      'allow_stream',
      'annotation_limit_count',
      'annotation_limit_percent',
      'annotator_evaluation_continuous_tasks',
      'annotator_evaluation_enabled',
      'annotator_evaluation_metric',
      'annotator_evaluation_minimum_score',
      'annotator_evaluation_minimum_tasks',
      'annotator_evaluation_onboarding_tasks',
      'assignment_settings',
      'blueprints',
      'comment_classification_config',
      'config_has_control_tags',
      'config_suitable_for_bulk_annotation',
      'control_weights',
      'custom_interface_code',
      'custom_interface_compiled',
      'custom_interface_params',
      'custom_script',
      'custom_task_lock_ttl',
      'data_types',
      'description_short',
      'duplication_done',
      'duplication_status',
      'evaluate_predictions_automatically',
      'input_schema',
      'internal_description',
      'internal_description_short',
      'is_dimensions_enabled',
      'max_additional_annotators_assignable',
      'min_annotations_to_start_training',
      'output_schema',
      'overlap_cohort_percentage',
      'parsed_label_config',
      'pause_on_failed_annotator_evaluation',
      'permissions',
      'pinned_at',
      'prompts',
      'queue_left',
      'ready',
      'rejected',
      'require_comment_on_skip',
      'reveal_preannotations_interactively',
      'review_settings',
      'review_total_tasks',
      'reviewed_number',
      'reviewer_queue_total',
      'sampling',
      'show_annotation_history',
      'show_collab_predictions',
      'show_ground_truth_first',
      'show_instruction',
      'show_overlap_first',
      'show_unused_data_columns_to_annotators',
      'skip_queue',
      'source_interface_id',
      'source_interface_version',
      'start_training_on_annotation_update',
      'strict_task_overlap',
      'task_data_login',
      'task_data_password',
      'use_custom_interface',
    ],
    why: 'labeling-interface, quality-control, queue, ML-training and storage settings of the annotation UI; Tessera stores a project’s title, description, label config and workspace and computes the counters',
  },
  {
    paths: /^\/api\/projects\/\{id\}\/import$/,
    fields: ['import', 'predictions_count'],
    why: 'the reference describes Enterprise’s asynchronous import; Tessera answers synchronously, as Label Studio’s ImportAPI does (task_count, annotation_count, prediction_count, duration, …)',
  },
  {
    paths: /^\/api\/tasks/,
    fields: [
      'agreement',
      'agreement_selected',
      'allow_skip',
      'annotation_time',
      'annotations_ids',
      'annotations_results',
      'annotators',
      'annotators_count',
      'avg_lead_time',
      'comment_authors',
      'comment_authors_count',
      'comment_count',
      'comments',
      'completed_at',
      'draft_exists',
      'ground_truth',
      'last_comment_updated_at',
      'precomputed_agreement',
      'predictions_model_versions',
      'predictions_results',
      'predictions_score',
      'review_time',
      'reviewed',
      'reviewers',
      'reviewers_count',
      'reviews_accepted',
      'reviews_rejected',
      'state',
      'storage_filename',
      'unresolved_comment_count',
      'updated_by',
    ],
    why: 'Data Manager columns (agreement, comments, reviewers, storage); a task answer carries its annotations and predictions themselves',
  },
]

const norm = (path: string) => path.replace(/\/$/, '')
const METHODS = ['get', 'post', 'put', 'patch', 'delete']

function resolve(doc: Doc, schema: unknown): Json | undefined {
  let s = schema as Json | undefined
  while (s && typeof s.$ref === 'string') s = doc.components?.schemas?.[s.$ref.split('/').pop()!]
  return s
}

/** The field names of a 2xx JSON answer: an object's, an array's items', a page's results'. */
function fieldsOf(doc: Doc, schema: unknown): Set<string> | null {
  const s = resolve(doc, schema)
  if (!s) return null
  if (s.type === 'array') return fieldsOf(doc, s.items)
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(s[k])) {
      const all = new Set<string>()
      for (const part of s[k] as unknown[]) fieldsOf(doc, part)?.forEach((f) => all.add(f))
      return all.size ? all : null
    }
  }
  const props = s.properties as Record<string, unknown> | undefined
  if (!props) return null
  if ('results' in props && 'count' in props) return fieldsOf(doc, props.results)
  return new Set(Object.keys(props))
}

function successSchema(op: Json): unknown {
  const responses = (op.responses ?? {}) as Record<string, Json>
  const ok = Object.entries(responses).find(([code]) => code.startsWith('2'))?.[1]
  return (ok?.content as Record<string, Json> | undefined)?.['application/json']?.schema
}

const requiredParams = (op: Json) =>
  ((op.parameters ?? []) as { name: string; required?: boolean }[])
    .filter((p) => p.required)
    .map((p) => p.name)

let ours: Doc
const reference = parse(readFileSync(REFERENCE, 'utf8')) as Doc
const oursAt = (path: string) =>
  Object.entries(ours.paths).find(([p]) => norm(p) === norm(path))?.[1]

beforeAll(async () => {
  const t = makeEngine()
  const app = buildApiServer({ engine: t.engine, log: () => {} })
  await app.ready()
  const res = await app.inject({
    method: 'GET',
    url: '/api/schema/',
    headers: { host: '127.0.0.1:8080' },
  })
  expect(res.statusCode).toBe(200)
  ours = res.json() as Doc
  await app.close()
  t.close()
})

describe('GET /api/schema/ (OpenAPI 3, compared with Label Studio’s document)', () => {
  it('is a valid OpenAPI document', async () => {
    const result = await new Validator().validate(ours as never)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('declares shapes, not just paths: parameters, bodies and answers', () => {
    const get = oursAt('/api/projects/{id}')!.get!
    expect(requiredParams(get)).toEqual(['id'])
    expect(fieldsOf(ours, successSchema(get))).toContain('label_config')
    const post = oursAt('/api/tasks')!.post!
    expect(JSON.stringify(post.requestBody)).toContain('"project"')
    // Every route answers refusals in Label Studio's error body.
    expect(Object.keys(post.responses as Json)).toEqual(expect.arrayContaining(['400', '404']))
  })

  it('serves every path of the reference except those listed with a reason', () => {
    const missing = Object.keys(reference.paths)
      .filter((p) => !oursAt(p))
      .map(norm)
    expect(missing.sort()).toEqual(Object.keys(NOT_SERVED).sort())
  })

  for (const [path, refOps] of Object.entries(reference.paths)) {
    const key = norm(path)
    if (key in NOT_SERVED) continue
    it(`${key}: methods, required parameters and top-level fields agree`, () => {
      const mine = oursAt(path)!
      const refMethods = Object.keys(refOps).filter((m) => METHODS.includes(m))
      const absent = refMethods.filter((m) => !(m in mine)).sort()
      expect(absent, `methods not served at ${key}`).toEqual(
        METHODS_NOT_SERVED[key]?.methods.slice().sort() ?? [],
      )
      for (const method of refMethods.filter((m) => m in mine)) {
        const op = mine[method]!
        const refOp = refOps[method]!
        expect(requiredParams(op), `${method} ${key} required parameters`).toEqual(
          expect.arrayContaining(requiredParams(refOp)),
        )
        const refFields = fieldsOf(reference, successSchema(refOp))
        const myFields = fieldsOf(ours, successSchema(op))
        if (!refFields || !myFields) continue
        const allowed = new Set(
          FIELDS_NOT_SENT.filter((d) => d.paths.test(key)).flatMap((d) => d.fields),
        )
        const notSent = [...refFields].filter((f) => !myFields.has(f) && !allowed.has(f))
        expect(notSent, `${method} ${key}: Label Studio fields missing`).toEqual([])
      }
    })
  }

  it('lists no difference that is not one (each listed field is missing somewhere)', () => {
    for (const d of FIELDS_NOT_SENT) {
      const stillMissing = new Set<string>()
      for (const [path, refOps] of Object.entries(reference.paths)) {
        if (!d.paths.test(norm(path)) || !oursAt(path)) continue
        for (const [method, refOp] of Object.entries(refOps)) {
          const op = oursAt(path)![method]
          if (!op) continue
          const refFields = fieldsOf(reference, successSchema(refOp)) ?? new Set<string>()
          const myFields = fieldsOf(ours, successSchema(op)) ?? new Set<string>()
          for (const f of refFields) if (!myFields.has(f)) stillMissing.add(f)
        }
      }
      expect(
        d.fields.filter((f) => !stillMissing.has(f)),
        `listed but sent: ${d.why}`,
      ).toEqual([])
    }
  })
})
