import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixture, type Fixture } from './support'

/**
 * Pins the exact JSON of the projects list and whoami for a seeded organization, so a change
 * to how these bodies are assembled (batched queries, fewer lookups) cannot change the wire.
 */
let f: Fixture

beforeAll(async () => {
  f = await startFixture()
  const { engine, owner } = f
  // Project A: several tasks, cancelled and ground-truth annotations, a second member.
  const t2 = engine.tasks.create(owner, f.pA, { text: 'second task in A' }).task.id
  engine.tasks.create(owner, f.pA, { text: 'unlabelled task in A' })
  engine.annotations.create(owner, t2, { result: [], was_cancelled: true })
  engine.annotations.create(owner, t2, { result: [], ground_truth: true })
  engine.annotations.create(owner, f.tA, { result: [], ground_truth: true })
  engine.predictions.create(owner, t2, { result: [] })
  engine.projects.addMember(owner, f.pA, f.person)
  engine.projects.addMember(owner, f.pA, f.userIds.AN)
  // A project without a workspace or tasks, one the annotator is a member of, and filler for paging.
  engine.projects.create(owner, { title: 'alpha empty', description: 'no workspace' })
  const mine = engine.projects.create(owner, { title: 'Zeta', workspaceId: f.wsB }).id
  engine.projects.addMember(owner, mine, f.userIds.AN)
  for (let i = 0; i < 3; i++) engine.projects.create(owner, { title: `Filler ${i}` })
})

afterAll(() => f.close())

// The text as sent (key order included); pagination links carry the ephemeral port.
const stable = (body: unknown) => JSON.stringify(body, null, 1).replaceAll(f.base, 'http://HOST')

describe('list and whoami bodies', () => {
  const lists = [
    ['OW', '/api/projects/'],
    ['OW', '/api/projects/?page_size=3&page=2'],
    ['OW', '/api/projects/?search=a&page_size=100'],
    ['AN', '/api/projects/'],
    ['MA', '/api/projects/'],
  ] as const
  for (const [role, path] of lists) {
    it(`GET ${path} as ${role}`, async () => {
      const res = await f.req('GET', path, { token: f.tokens[role] })
      expect(res.status).toBe(200)
      expect(stable(res.body)).toMatchSnapshot()
    })
  }

  it("GET a workspace's projects shows the same bodies as the projects list", async () => {
    const all = await f.req('GET', '/api/projects/?page_size=100', { token: f.tokens.OW })
    const res = await f.req('GET', `/api/workspaces/${f.wsA}/projects/`, { token: f.tokens.OW })
    expect(res.status).toBe(200)
    const inA = all.body.results.filter((p: { workspace: number }) => p.workspace === f.wsA)
    expect(inA.length).toBeGreaterThan(0)
    expect(stable(res.body)).toBe(stable(inA))
  })

  it('GET a single project', async () => {
    const res = await f.req('GET', `/api/projects/${f.pA}/`, { token: f.tokens.OW })
    expect(res.status).toBe(200)
    expect(stable(res.body)).toMatchSnapshot()
  })

  for (const role of ['OW', 'AN'] as const) {
    it(`GET /api/current-user/whoami as ${role}`, async () => {
      const res = await f.req('GET', '/api/current-user/whoami', { token: f.tokens[role] })
      expect(res.status).toBe(200)
      expect(stable(res.body)).toMatchSnapshot()
    })
  }
})
