import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../../src/main/cli/index'
import type { Actor } from '../../../src/main/engine/deps'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import type { Channel } from '../../../src/shared/contracts'
import { makeEngine } from '../../support/engine'
import { ALL, type Role } from './matrix-cases'
import { startFixture, type Fixture } from './support'

/**
 * The one access policy, seen through every transport: the same role × object × assignment
 * matrix as the REST test, run through the admin RPC dispatcher (with the caller as its actor)
 * and compared with the REST answer for the same caller, then the CLI acting `--as` each role.
 * A rule kept in one transport only would make these disagree.
 */
const MANAGE: Role[] = ['OW', 'AD', 'MA']
const ADMIN: Role[] = ['OW', 'AD']

interface Side {
  ws: number
  p: number
}
interface RpcCase {
  channel: Channel
  input: (s: Side, f: Fixture) => unknown
  /** The REST request for the same operation. */
  rest: { method: string; path: (s: Side) => string; body?: (s: Side, f: Fixture) => unknown }
  allowed: Role[]
  orgLevel?: boolean
}

const cases: RpcCase[] = [
  {
    channel: 'workspaces:update',
    input: (s) => ({ id: s.ws, title: 'Renamed' }),
    rest: {
      method: 'PATCH',
      path: (s) => `/api/workspaces/${s.ws}/`,
      body: () => ({ title: 'Renamed' }),
    },
    allowed: MANAGE,
  },
  {
    channel: 'workspaces:members',
    input: (s) => ({ id: s.ws }),
    rest: { method: 'GET', path: (s) => `/api/workspaces/${s.ws}/memberships/` },
    allowed: ALL,
  },
  {
    channel: 'workspaces:addMember',
    input: (s, f) => ({ id: s.ws, userId: f.person }),
    rest: {
      method: 'POST',
      path: (s) => `/api/workspaces/${s.ws}/memberships/`,
      body: (_s, f) => ({ user: f.person }),
    },
    allowed: ADMIN,
  },
  {
    channel: 'projects:update',
    input: (s) => ({ id: s.p, title: 'Renamed' }),
    rest: {
      method: 'PATCH',
      path: (s) => `/api/projects/${s.p}/`,
      body: () => ({ title: 'Renamed' }),
    },
    allowed: MANAGE,
  },
  {
    channel: 'projects:members',
    input: (s) => ({ id: s.p }),
    rest: { method: 'GET', path: (s) => `/api/projects/${s.p}/members/` },
    allowed: ALL,
  },
  {
    channel: 'projects:addMember',
    input: (s, f) => ({ id: s.p, userId: f.person }),
    rest: {
      method: 'POST',
      path: (s) => `/api/projects/${s.p}/members/`,
      body: (_s, f) => ({ user: f.person }),
    },
    allowed: ADMIN,
  },
  {
    channel: 'projects:delete',
    input: (s) => ({ id: s.p }),
    rest: { method: 'DELETE', path: (s) => `/api/projects/${s.p}/` },
    allowed: MANAGE,
  },
  {
    channel: 'serviceAccounts:list',
    input: () => ({}),
    rest: { method: 'GET', path: () => `/api/organizations/1/service-accounts/` },
    allowed: ADMIN,
    orgLevel: true,
  },
  {
    channel: 'activity:list',
    input: () => ({ filter: {}, cursor: null, limit: 10 }),
    rest: { method: 'GET', path: () => `/api/activity-logs/` },
    allowed: ADMIN,
    orgLevel: true,
  },
]

type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND'
const expected = (role: Role, c: RpcCase, side: 'A' | 'B'): Outcome => {
  if (c.orgLevel || side === 'A') return c.allowed.includes(role) ? 'ok' : 'FORBIDDEN'
  return role === 'OW' || role === 'AD' ? 'ok' : 'NOT_FOUND'
}
const fromStatus = (status: number): Outcome | number =>
  status < 300 ? 'ok' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status

const rows = cases.flatMap((c) =>
  ALL.flatMap((role) =>
    (c.orgLevel ? (['A'] as const) : (['A', 'B'] as const)).map((side) => ({
      label: `${c.channel} as ${role}${c.orgLevel ? '' : side === 'A' ? ' (assigned)' : ' (not assigned)'}`,
      role,
      c,
      side,
      want: expected(role, c, side),
    })),
  ),
)

describe('one policy: the admin RPC dispatcher answers as the REST API does', () => {
  const dispatch = createDispatcher({ log: () => {} })
  let f: Fixture | undefined
  afterEach(async () => {
    await f?.close()
    f = undefined
  })

  it.each(rows)('$label → $want', async ({ role, c, side, want }) => {
    // Two fresh fixtures: the RPC and the REST call each change their own copy.
    const viaRpc = await startFixture()
    f = viaRpc
    const s = (x: Fixture): Side => (side === 'A' ? { ws: x.wsA, p: x.pA } : { ws: x.wsB, p: x.pB })
    const actor: Actor = { userId: viaRpc.userIds[role], organizationId: viaRpc.org }
    const r = await dispatch(c.channel, c.input(s(viaRpc), viaRpc), {
      engine: viaRpc.engine,
      actor,
    })
    expect(r.ok ? 'ok' : r.error.code).toBe(want)
    await viaRpc.close()

    const viaRest = await startFixture()
    f = viaRest
    const res = await viaRest.req(c.rest.method, c.rest.path(s(viaRest)), {
      token: viaRest.tokens[role],
      body: c.rest.body?.(s(viaRest), viaRest),
    })
    expect(fromStatus(res.status), JSON.stringify(res.body)).toBe(want)
  })

  it('lists exactly what the caller may see, the same through RPC and REST', async () => {
    f = await startFixture()
    for (const role of ALL) {
      const actor = { userId: f.userIds[role], organizationId: f.org }
      const rpc = await dispatch('projects:list', {}, { engine: f.engine, actor })
      const rest = await f.req('GET', '/api/projects/', { token: f.tokens[role] })
      const rpcIds = rpc.ok ? (rpc.value as { id: number }[]).map((p) => p.id).sort() : rpc
      const restIds = (rest.body as { results: { id: number }[] }).results.map((p) => p.id).sort()
      expect(rpcIds, role).toEqual(restIds)
      expect(restIds, role).toEqual(role === 'OW' || role === 'AD' ? [f.pA, f.pB] : [f.pA])
    }
  })
})

describe('one policy: the CLI acting --as a member', () => {
  let dir: string
  let dbFile: string
  const as: Record<Role, string | undefined> = {
    OW: undefined,
    AD: undefined,
    MA: undefined,
    RE: undefined,
    AN: undefined,
  }
  const ids = { pA: 0, pB: 0, wsA: 0, wsB: 0 }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-policy-'))
    dbFile = join(dir, 'policy.db')
    const t = makeEngine(dbFile)
    const { engine, owner } = t
    t.repos.organizations.update(owner.organizationId, { service_account_quota: 10 }, t.clock.now())
    ids.wsA = engine.workspaces.create(owner, { title: 'A' }).id
    ids.wsB = engine.workspaces.create(owner, { title: 'B' }).id
    ids.pA = engine.projects.create(owner, { title: 'PA', workspaceId: ids.wsA }).id
    ids.pB = engine.projects.create(owner, { title: 'PB', workspaceId: ids.wsB }).id
    for (const role of ['AD', 'MA', 'RE', 'AN'] as const) {
      const { account } = engine.serviceAccounts.create(owner, {
        name: `${role.toLowerCase()}-bot`,
        role,
        workspaceIds: role === 'AD' ? [] : [ids.wsA],
      })
      as[role] = account.email
    }
    t.close()
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  async function cli(role: Role, ...args: string[]) {
    let stdout = ''
    let stderr = ''
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      stdout += String(s)
      return true
    })
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      stderr += String(s)
      return true
    })
    try {
      const who = as[role] === undefined ? [] : ['--as', as[role]!]
      const code = await main(['node', 'tessera', '--db', dbFile, ...who, ...args])
      return { code, stdout, stderr }
    } finally {
      out.mockRestore()
      err.mockRestore()
    }
  }

  it.each(ALL)(
    'projects and workspaces list as %s: only what the role and assignments allow',
    async (role) => {
      const seesAll = role === 'OW' || role === 'AD'
      const projects = await cli(role, 'projects', 'list', '--json')
      expect(projects.code, projects.stderr).toBe(0)
      const projectIds = (JSON.parse(projects.stdout) as { id: number }[]).map((p) => p.id).sort()
      expect(projectIds).toEqual(seesAll ? [ids.pA, ids.pB] : [ids.pA])
      const workspaces = await cli(role, 'workspaces', 'list', '--json')
      const wsIds = (JSON.parse(workspaces.stdout) as { id: number }[]).map((w) => w.id).sort()
      expect(wsIds).toEqual(seesAll ? [ids.wsA, ids.wsB] : [ids.wsA])
    },
  )

  it.each(ALL)('service-accounts list as %s: Administrators only, as in the API', async (role) => {
    const r = await cli(role, 'service-accounts', 'list', '--json')
    if (ADMIN.includes(role)) {
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toHaveLength(4)
    } else {
      expect(r.code).toBe(1)
      expect(r.stderr).toContain('You do not have permission to perform this action.')
    }
  })

  it('refuses an unknown --as member without touching anything', async () => {
    const r = await cli('OW', '--as', 'nobody@nowhere.test', 'projects', 'list')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('--as: no member')
  })
})
