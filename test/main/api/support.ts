import type { FastifyInstance } from 'fastify'
import { buildApiServer, type ApiServerOptions } from '../../../src/main/api/server'
import type { Actor } from '../../../src/main/engine/deps'
import type { Role } from '../../../src/shared/roles'
import { makeEngine, type TestEngine } from '../../support/engine'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'

export interface Fixture extends TestEngine {
  app: FastifyInstance
  base: string
  org: number
  /** Workspace/project/task/annotation the service accounts are assigned to (via workspace A). */
  wsA: number
  wsB: number
  pA: number
  pB: number
  tA: number
  tB: number
  /** Annotations written by the Owner (someone else's, for AN/RE). */
  aA: number
  aB: number
  predA: number
  predB: number
  /** A person (Annotator) used as a membership target. */
  person: number
  /** A Reviewer service account used as the target of admin endpoints. */
  victim: number
  tokens: Record<'OW' | 'AD' | 'MA' | 'RE' | 'AN' | 'DI' | 'NO', string>
  userIds: Record<'OW' | 'AD' | 'MA' | 'RE' | 'AN' | 'DI' | 'NO', number>
  close(): Promise<void>
  /** fetch against the server with a token (Authorization: Token) unless headers say otherwise. */
  req(
    method: string,
    path: string,
    opts?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>
  apiEntries(): ActivityEntry[]
}

/** A recorded entry as the table holds it (hash columns left out). */
export type ActivityEntry = Omit<ActivityRow, 'prev_hash' | 'hash'>

/**
 * A real server on an ephemeral loopback port over an in-memory engine with: workspaces A and
 * B each holding one project with a task, an annotation (by the Owner) and a prediction, and a
 * token for every role. MA/RE/AN service accounts are assigned to workspace A only.
 */
export async function startFixture(opts: Partial<ApiServerOptions> = {}): Promise<Fixture> {
  const t = makeEngine()
  const { engine, owner } = t
  const org = owner.organizationId
  t.repos.organizations.update(org, { service_account_quota: 50 }, t.clock.now())
  const wsA = engine.workspaces.create(owner, { title: 'Workspace A' }).id
  const wsB = engine.workspaces.create(owner, { title: 'Workspace B' }).id
  const pA = engine.projects.create(owner, { title: 'Project A', workspaceId: wsA }).id
  const pB = engine.projects.create(owner, { title: 'Project B', workspaceId: wsB }).id
  const tA = engine.tasks.create(owner, pA, { text: 'task in A' }).task.id
  const tB = engine.tasks.create(owner, pB, { text: 'task in B' }).task.id
  const aA = engine.annotations.create(owner, tA, { result: [] }).annotation.id
  const aB = engine.annotations.create(owner, tB, { result: [] }).annotation.id
  const predA = engine.predictions.create(owner, tA, { result: [] }).id
  const predB = engine.predictions.create(owner, tB, { result: [] }).id
  const person = engine.people.addPerson(owner, { email: 'ann@acme.test', role: 'AN' }).userId

  const sa = (name: string, role: 'AD' | 'MA' | 'RE' | 'AN') =>
    engine.serviceAccounts.create(owner, {
      name,
      role,
      workspaceIds: role === 'AD' ? [] : [wsA],
    })
  const ad = sa('admin-bot', 'AD')
  const ma = sa('manager-bot', 'MA')
  const re = sa('reviewer-bot', 'RE')
  const an = sa('annotator-bot', 'AN')
  const di = sa('deactivated-bot', 'AN')
  engine.serviceAccounts.changeRole(owner, di.account.userId, 'DI')
  const victim = sa('victim-bot', 'RE').account.userId
  const nobody = engine.people.addPerson(owner, {
    email: 'not-active@acme.test',
    role: 'NO',
  }).userId
  const ownerToken = engine.tokens.issue(owner.userId, org).token
  const noToken = engine.tokens.issue(nobody, org).token

  const app = buildApiServer({ engine, log: () => {}, ...opts })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as { port: number }).port
  const base = `http://127.0.0.1:${port}`
  const tokens = {
    OW: ownerToken,
    AD: ad.token,
    MA: ma.token,
    RE: re.token,
    AN: an.token,
    DI: di.token,
    NO: noToken,
  }
  const userIds = {
    OW: owner.userId,
    AD: ad.account.userId,
    MA: ma.account.userId,
    RE: re.account.userId,
    AN: an.account.userId,
    DI: di.account.userId,
    NO: nobody,
  }
  const req: Fixture['req'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) }
    if (o.token) headers.authorization = `Token ${o.token}`
    let body: string | undefined
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body)
      headers['content-type'] ??= 'application/json'
    }
    const res = await fetch(`${base}${path}`, { method, headers, body })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // not JSON; keep text
    }
    return { status: res.status, body: parsed, headers: res.headers }
  }
  return {
    ...t,
    app,
    base,
    org,
    wsA,
    wsB,
    pA,
    pB,
    tA,
    tB,
    aA,
    aB,
    predA,
    predB,
    person,
    victim,
    tokens,
    userIds,
    req,
    close: async () => {
      await app.close()
      t.close()
    },
    apiEntries: () =>
      t.db
        .prepare("SELECT * FROM activity_entries WHERE kind = 'api' ORDER BY id")
        .all() as ActivityEntry[],
  }
}

export const ROLES_UNDER_TEST: ('OW' | 'AD' | 'MA' | 'RE' | 'AN')[] = ['OW', 'AD', 'MA', 'RE', 'AN']
export type TestRole = keyof Fixture['tokens']
export type { Actor, Role }
