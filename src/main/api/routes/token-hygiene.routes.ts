import { z } from 'zod'
import type { Explanation, StaleAccount } from '../../../shared/contracts/service-accounts.contract'
import { Id } from '../../../shared/schemas'
import { EngineError } from '../../engine/errors'
import { callerOf } from '../permissions'
import { PathId, ServiceAccount as ServiceAccountShape } from '../schemas'
import { iso } from '../serializers'
import { serviceAccountBody } from './service-accounts.routes'
import type { RouteModule } from './types'

const snakeCan = (can: Record<string, boolean>) =>
  Object.fromEntries(
    Object.entries(can).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  )

/** The explanation on the wire: snake-case keys, as the rest of the admin API. */
export function explanationBody(e: Explanation) {
  return {
    account: {
      user_id: e.account.userId,
      name: e.account.name,
      role: e.account.role,
      status: e.account.status,
    },
    organization_admin: e.organizationAdmin,
    workspaces: e.workspaces.map((w) => ({ id: w.id, title: w.title, can: snakeCan(w.can) })),
    projects: e.projects.map((p) => ({
      id: p.id,
      title: p.title,
      workspace: p.workspace?.id ?? null,
      can: snakeCan(p.can),
    })),
    cannot: e.cannot,
  }
}

/** Runs `fn`; an engine refusal about `field` is answered under the wire's name for it. */
function onField<T>(field: string, wire: string, fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    if (err instanceof EngineError && err.details?.field === field) {
      throw new EngineError(err.code, err.message, { ...err.details, field: wire })
    }
    throw err
  }
}

const OrgParams = z.object({ id: PathId })
const AccountParams = z.object({ id: PathId, user_id: PathId })

/**
 * Token hygiene for Administrators (Tessera extensions): end a reset's grace period, the network
 * allowlist, "what can this token do?", and the rule for unused accounts with its preview. The
 * same engine calls as the desktop UI and the CLI.
 */
export const tokenHygieneRoutes: RouteModule = (app, { engine }) => {
  const sa = engine.serviceAccounts
  const base = '/api/organizations/:id/service-accounts'
  const admin = (request: Parameters<typeof callerOf>[0] & { params: { id: number } }) => {
    const p = callerOf(request)
    engine.access.ownOrg(p, request.params.id)
    return p
  }

  app.put(
    `${base}/:user_id/allowed-networks`,
    {
      config: { summary: 'Replace the network allowlist (empty: any source)' },
      schema: {
        params: AccountParams,
        body: z.object({ allowed_networks: z.array(z.string().max(100)).max(200) }),
        response: { 200: ServiceAccountShape },
      },
    },
    async (request) => {
      const actor = admin(request)
      const { user_id } = request.params
      return serviceAccountBody(
        onField('networks', 'allowed_networks', () =>
          sa.setNetworks(actor, user_id, request.body.allowed_networks),
        ),
      )
    },
  )

  const staleBody = (a: StaleAccount) => ({
    user_id: a.userId,
    name: a.name,
    role: a.role,
    unused_since: iso(a.unusedSince)!,
    unused_days: a.unusedDays,
  })
  const StaleShape = z.looseObject({
    user_id: z.number().int().positive(),
    name: z.string(),
    role: z.string(),
    unused_since: z.string(),
    unused_days: z.number().int(),
  })

  app.get(
    '/api/organizations/:id/stale-service-accounts',
    {
      config: { summary: 'Preview: the accounts a rule of N unused days would deactivate today' },
      schema: {
        params: OrgParams,
        querystring: z.looseObject({ days: z.coerce.number().int().min(1).max(3650) }),
        response: { 200: z.array(StaleShape) },
      },
    },
    async (request) => sa.stalePreview(admin(request), request.query.days).map(staleBody),
  )

  app.put(
    '/api/organizations/:id/stale-account-rule',
    {
      config: { summary: 'Owner: deactivate service accounts unused for N days (null: off)' },
      schema: {
        params: OrgParams,
        body: z.object({ days: z.number().int().min(1).max(3650).nullable() }),
        response: {
          200: z.looseObject({
            days: z.number().int().nullable(),
            deactivated: z.array(StaleShape),
          }),
        },
      },
    },
    async (request) => {
      const result = sa.setStaleRule(admin(request), request.body.days)
      return { days: result.rule.days, deactivated: result.deactivated.map(staleBody) }
    },
  )

  app.get(
    `${base}/:user_id/explain`,
    {
      config: { summary: 'What can this token do? (from the access policy the API enforces)' },
      schema: {
        params: AccountParams,
        response: {
          200: z.looseObject({
            account: z.looseObject({ user_id: Id, name: z.string(), role: z.string() }),
            organization_admin: z.boolean(),
            workspaces: z.array(z.looseObject({ id: Id, title: z.string() })),
            projects: z.array(z.looseObject({ id: Id, title: z.string() })),
            cannot: z.array(z.string()),
          }),
        },
      },
    },
    async (request) => explanationBody(sa.explain(admin(request), request.params.user_id)),
  )

  app.post(
    `${base}/:user_id/end-grace`,
    {
      config: { summary: 'End the previous token’s grace period now' },
      schema: { params: AccountParams, response: { 200: ServiceAccountShape } },
    },
    async (request) => {
      const actor = admin(request)
      return serviceAccountBody(sa.endGrace(actor, request.params.user_id))
    },
  )
}
