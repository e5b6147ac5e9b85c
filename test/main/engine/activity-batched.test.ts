import { describe, expect, it } from 'vitest'
import { entryHash } from '../../../src/main/engine/activity/chain'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { makeEngine } from '../../support/engine'

const request = (orgId: number, n: number) => ({
  organization_id: orgId,
  actor_id: null,
  actor_email: null,
  token_id: null,
  ip: '127.0.0.1',
  user_agent: 'test',
  method: 'GET',
  url: `/api/projects/?page=${n}`,
  status: 200,
  duration_ms: 1,
  project_id: null,
  workspace_id: null,
  details: null,
})

describe('activity group commit (apiBatched)', () => {
  it('commits concurrent entries in one chain, each resolving with its own id once stored', async () => {
    const { engine, owner, db, repos } = makeEngine()
    const before = repos.activity.last()!.id
    const ids = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        engine.activity.apiBatched(request(owner.organizationId, i)),
      ),
    )
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => before + 1 + i))
    const rows = db
      .prepare('SELECT * FROM activity_entries WHERE id >= ? ORDER BY id')
      .all(before) as ActivityRow[]
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.prev_hash.equals(rows[i - 1]!.hash)).toBe(true)
      const { hash, ...rest } = rows[i]!
      expect(entryHash(rest).equals(hash)).toBe(true)
    }
    expect(rows.at(-1)!.url).toBe('/api/projects/?page=24')
  })

  it('is not resolved before the entry is in the database', async () => {
    const { engine, owner, db, repos } = makeEngine()
    const count = () =>
      (db.prepare('SELECT count(*) AS n FROM activity_entries').get() as { n: number }).n
    const start = count()
    const pending = engine.activity.apiBatched(request(owner.organizationId, 1))
    expect(count()).toBe(start)
    const id = await pending
    expect(count()).toBe(start + 1)
    expect(repos.activity.get(id)?.url).toBe('/api/projects/?page=1')
  })

  it('fails only the entry that cannot be stored, not the others of its batch', async () => {
    const { engine, owner } = makeEngine()
    const bad = { ...request(owner.organizationId, 2), organization_id: 'x' as unknown as number }
    const results = await Promise.allSettled([
      engine.activity.apiBatched(request(owner.organizationId, 1)),
      engine.activity.apiBatched(bad),
      engine.activity.apiBatched(request(owner.organizationId, 3)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  })
})
