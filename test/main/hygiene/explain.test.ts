import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  Explanation,
  ProjectCan,
  WorkspaceCan,
} from '../../../src/shared/contracts/service-accounts.contract'
import { startFixture, type Fixture } from '../api/support'

/**
 * "What can this token do?" against the API itself: for every role × assignment, each action
 * the view lists is tried over REST with the account's own token on an assigned and an
 * unassigned workspace and project. The view says yes exactly where the API answers 2xx.
 */
let f: Fixture
beforeAll(async () => {
  f = await startFixture()
})
afterAll(async () => f.close())

type Side = { ws: number; p: number; t: number; a: number }
const side = (which: 'A' | 'B'): Side =>
  which === 'A'
    ? { ws: f.wsA, p: f.pA, t: f.tA, a: f.aA }
    : { ws: f.wsB, p: f.pB, t: f.tB, a: f.aB }

const PROJECT_REQUESTS: Record<
  keyof ProjectCan,
  (s: Side) => { method: string; path: string; body?: unknown }
> = {
  read: (s) => ({ method: 'GET', path: `/api/projects/${s.p}/` }),
  annotate: (s) => ({
    method: 'POST',
    path: `/api/tasks/${s.t}/annotations/`,
    body: { result: [] },
  }),
  review: (s) => ({
    method: 'POST',
    path: `/api/annotations/${s.a}/reviews/`,
    body: { action: 'accepted' },
  }),
  import: (s) => ({ method: 'POST', path: `/api/projects/${s.p}/import`, body: [{ text: 'x' }] }),
  export: (s) => ({ method: 'GET', path: `/api/projects/${s.p}/export?exportType=JSON` }),
  manageMembers: (s) => ({
    method: 'POST',
    path: `/api/projects/${s.p}/members/`,
    body: { user: f.person },
  }),
  administer: (s) => ({
    method: 'PATCH',
    path: `/api/projects/${s.p}/`,
    body: { title: 'Renamed' },
  }),
}
const WORKSPACE_REQUESTS: Record<
  keyof WorkspaceCan,
  (s: Side) => { method: string; path: string; body?: unknown }
> = {
  read: (s) => ({ method: 'GET', path: `/api/workspaces/${s.ws}/` }),
  manageMembers: (s) => ({
    method: 'POST',
    path: `/api/workspaces/${s.ws}/memberships/`,
    body: { user: f.person },
  }),
  administer: (s) => ({ method: 'PATCH', path: `/api/workspaces/${s.ws}`, body: { title: 'W' } }),
}

const MATRIX = [
  { role: 'AD', assign: 'none' },
  ...(['MA', 'RE', 'AN'] as const).flatMap((role) => [
    { role, assign: 'workspace' },
    { role, assign: 'project' },
  ]),
  { role: 'DI', assign: 'workspace' },
] as const

describe('"What can this token do?" agrees with the REST API', { timeout: 120_000 }, () => {
  it.each(MATRIX)('$role assigned to $assign', async ({ role, assign }) => {
    const issued = f.engine.serviceAccounts.create(f.owner, {
      name: `explain-${role}-${assign}`,
      role: role === 'DI' ? 'AN' : role,
      workspaceIds: assign === 'workspace' ? [f.wsA] : [],
      projectIds: assign === 'project' ? [f.pA] : [],
    })
    const userId = issued.account.userId
    if (role === 'DI') f.engine.serviceAccounts.changeRole(f.owner, userId, 'DI')
    const view: Explanation = await f.value('serviceAccounts:explain', { userId })

    const verdicts: string[] = []
    for (const which of ['A', 'B'] as const) {
      const s = side(which)
      const project = view.projects.find((p) => p.id === s.p)
      const workspace = view.workspaces.find((w) => w.id === s.ws)
      for (const [action, request] of Object.entries(PROJECT_REQUESTS)) {
        const r = request(s)
        const res = await f.req(r.method, r.path, { token: issued.token, body: r.body })
        const api = res.status >= 200 && res.status < 300
        const said = project?.can[action as keyof ProjectCan] ?? false
        verdicts.push(`project ${which} ${action}: view ${said}, API ${res.status}`)
        expect(said, verdicts.at(-1)).toBe(api)
      }
      for (const [action, request] of Object.entries(WORKSPACE_REQUESTS)) {
        const r = request(s)
        const res = await f.req(r.method, r.path, { token: issued.token, body: r.body })
        const api = res.status >= 200 && res.status < 300
        const said = workspace?.can[action as keyof WorkspaceCan] ?? false
        expect(said, `workspace ${which} ${action}: view ${said}, API ${res.status}`).toBe(api)
      }
    }
    // Organization administration: the admin list of service accounts.
    const orgRes = await f.req('GET', `/api/organizations/${f.org}/service-accounts`, {
      token: issued.token,
    })
    expect(view.organizationAdmin).toBe(orgRes.status === 200)
    // The view is not vacuous: every working account can read something, DI nothing.
    expect(view.projects.length > 0).toBe(role !== 'DI')
    if (role === 'DI') expect(view.cannot.join(' ')).toContain('deactivated')
  })
})

describe('the explanation names what the account cannot do', () => {
  it('lists the actions it may take nowhere and the objects it cannot see', async () => {
    const issued = f.engine.serviceAccounts.create(f.owner, {
      name: 'explain-words',
      role: 'AN',
      projectIds: [f.pA],
    })
    f.engine.serviceAccounts.setNetworks(f.owner, issued.account.userId, ['10.0.0.0/8'])
    const view = await f.value('serviceAccounts:explain', { userId: issued.account.userId })
    expect(view.cannot).toEqual(
      expect.arrayContaining([
        'Its tokens are refused from anywhere but 10.0.0.0/8 (network allowlist).',
        'It cannot review in any project.',
        'It cannot import tasks in any project.',
        expect.stringMatching(/^It cannot see \d+ other workspaces? and \d+ other projects?/),
      ]),
    )
  })
})

describe('explain over the REST API', () => {
  it('answers the same explanation in snake case, for admins only', async () => {
    const path = `/api/organizations/${f.org}/service-accounts/${f.userIds.AN}/explain`
    const res = await f.req('GET', path, { token: f.tokens.AD })
    expect(res.status).toBe(200)
    const view = await f.value('serviceAccounts:explain', { userId: f.userIds.AN })
    expect(res.body.projects.map((p: { id: number }) => p.id)).toEqual(
      view.projects.map((p) => p.id),
    )
    expect(res.body.projects[0].can).toEqual({
      read: true,
      annotate: true,
      review: false,
      import: false,
      export: false,
      manage_members: false,
      administer: false,
    })
    expect((await f.req('GET', path, { token: f.tokens.MA })).status).toBe(403)
  })
})
