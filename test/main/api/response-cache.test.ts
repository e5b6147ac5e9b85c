import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildApiServer } from '../../../src/main/api/server'
import { makeEngine } from '../../support/engine'

const dir = mkdtempSync(join(tmpdir(), 'tessera-cache-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * Token checks and some read-only answers are cached until watched data changes. These tests
 * warm the cache first, then change the data the way an admin would (in this process, or from
 * the CLI as a second process on the same file), and expect the very next request to see it.
 */
async function serverOn(path: string) {
  const t = makeEngine(path)
  t.repos.organizations.update(t.owner.organizationId, { service_account_quota: 10 }, t.clock.now())
  const app = buildApiServer({ engine: t.engine, limits: { perToken: 1_000_000 } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const get = async (path: string, token: string) => {
    const res = await fetch(base + path, { headers: { authorization: `Token ${token}` } })
    return { status: res.status, body: (await res.json()) as any }
  }
  return {
    ...t,
    get,
    async close() {
      await app.close()
      t.close()
    },
  }
}

describe('cached token checks and answers', () => {
  it('a token reset from another process is refused on the next request', async () => {
    const path = join(dir, 'reset.db')
    const s = await serverOn(path)
    const { account, token } = s.engine.serviceAccounts.create(s.owner, { name: 'bot', role: 'AD' })
    expect((await s.get('/api/current-user/whoami', token)).status).toBe(200)
    expect((await s.get('/api/current-user/whoami', token)).status).toBe(200)

    const cli = makeEngine(path)
    const fresh = cli.engine.serviceAccounts.resetToken(cli.owner, account.userId).token
    const refused = await s.get('/api/current-user/whoami', token)
    expect(refused.status).toBe(401)
    expect(refused.body.detail).toBe('Token has been revoked.')
    expect((await s.get('/api/current-user/whoami', fresh)).status).toBe(200)
    cli.close()
    await s.close()
  })

  it('assignments changed from another process change the next project list', async () => {
    const path = join(dir, 'assign.db')
    const s = await serverOn(path)
    const wsA = s.engine.workspaces.create(s.owner, { title: 'A' }).id
    const wsB = s.engine.workspaces.create(s.owner, { title: 'B' }).id
    s.engine.projects.create(s.owner, { title: 'In A', workspaceId: wsA })
    s.engine.projects.create(s.owner, { title: 'In B', workspaceId: wsB })
    const { account, token } = s.engine.serviceAccounts.create(s.owner, {
      name: 'manager',
      role: 'MA',
      workspaceIds: [wsA],
    })
    const titles = async () =>
      (await s.get('/api/projects/', token)).body.results.map((p: { title: string }) => p.title)
    expect(await titles()).toEqual(['In A'])
    expect(await titles()).toEqual(['In A'])

    const cli = makeEngine(path)
    cli.engine.serviceAccounts.setAssignments(cli.owner, account.userId, {
      workspaceIds: [wsB],
      projectIds: [],
    })
    expect(await titles()).toEqual(['In B'])
    cli.close()
    await s.close()
  })

  it('a role change in this process shows in the next whoami, and a new project in the next list', async () => {
    const s = await serverOn(join(dir, 'same.db'))
    const ws = s.engine.workspaces.create(s.owner, { title: 'W' }).id
    const { account, token } = s.engine.serviceAccounts.create(s.owner, { name: 'bot', role: 'AD' })
    const role = async () =>
      (await s.get('/api/current-user/whoami', token)).body.organization_membership.role
    expect(await role()).toBe('AD')
    expect(await role()).toBe('AD')
    expect((await s.get('/api/projects/', token)).body.count).toBe(0)
    s.engine.serviceAccounts.changeRole(s.owner, account.userId, 'MA', { workspaceIds: [ws] })
    expect(await role()).toBe('MA')

    const promoted = s.engine.serviceAccounts.create(s.owner, { name: 'admin', role: 'AD' })
    expect((await s.get('/api/projects/', promoted.token)).body.count).toBe(0)
    s.engine.projects.create(s.owner, { title: 'New' })
    expect((await s.get('/api/projects/', promoted.token)).body.count).toBe(1)
    await s.close()
  })
})
