import { describe, expect, it } from 'vitest'
import { activityProofsRepo } from '../../../src/main/db/repos/activity-proofs.repo'
import { activityRepo, type ActivityInsert } from '../../../src/main/db/repos/activity.repo'
import { generateLogKeys } from '../../../src/main/engine/activity/log-keys'
import { logWriter } from '../../../src/main/engine/activity/log-writer'
import { checkProof } from '../../../src/main/engine/activity/proof-format'
import { activityTree } from '../../../src/main/engine/activity/tree'
import { makeEngine, seededRandom, testClock } from '../../support/engine'

const ENTRIES = 1_000_000

describe('inclusion proofs at a million entries', () => {
  it('1,000 random entries each prove against the signed checkpoint', { timeout: 300_000 }, () => {
    const keys = generateLogKeys(seededRandom('scale'))
    const clock = testClock()
    const t = makeEngine(':memory:', clock, { logKeys: keys })
    // Bulk insert through the recorder's own chain and tree code, 50,000 entries a transaction,
    // without the viewer's indexes (proofs read entries by id only).
    for (const { name } of t.db
      .prepare<
        [],
        { name: string }
      >("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'activity_entries' AND sql IS NOT NULL")
      .all())
      t.db.exec(`DROP INDEX "${name}"`)
    const entries = activityRepo(t.db)
    const proofs = activityProofsRepo(t.db)
    const writer = logWriter(proofs, activityTree(proofs), keys, null, clock.now)
    const org = t.owner.organizationId
    const bulk = t.db.transaction((from: number, n: number) => {
      const head = entries.head()!
      const batch = writer.begin(head, false)
      let id = head.id
      let prev = head.hash
      for (let i = 0; i < n; i++) {
        const e: ActivityInsert = {
          organization_id: org,
          ts: clock.now() + from + i,
          kind: 'api',
          actor_id: 2 + (i % 14),
          actor_email: `pipeline-${i % 14}@service-accounts.tessera.local`,
          token_id: 1 + (i % 8),
          ip: '127.0.0.1',
          user_agent: 'label-studio-sdk/1.0.8',
          method: i % 5 ? 'GET' : 'POST',
          url: `/api/projects/${1 + (i % 20)}/tasks/?page=${from + i}`,
          status: i % 50 ? 200 : 404,
          duration_ms: 1 + (i % 17) / 10,
          project_id: 1 + (i % 20),
          workspace_id: 1 + (i % 4),
          action: null,
          target_user_id: null,
          details: null,
        }
        const base = { ...e, id: ++id, prev_hash: prev }
        prev = batch.add(base)
        entries.insert({ ...base, hash: prev })
      }
      batch.commit()
    })
    for (let from = 0; from < ENTRIES; from += 50_000) bulk(from, 50_000)
    const cp = t.engine.activityProofs.checkpointNow(t.owner)
    expect(cp.treeSize).toBe(ENTRIES + 1)

    const key = t.engine.activityProofs.status(t.owner).verifierKey!
    const random = seededRandom('ids')
    for (let i = 0; i < 1000; i++) {
      const id = 1 + (Buffer.from(random(4)).readUInt32BE(0) % (ENTRIES + 1))
      const proof = t.engine.activityProofs.prove(t.owner, id)
      expect(proof.treeSize).toBe(ENTRIES + 1)
      const r = checkProof(proof, key)
      if (!r.ok) expect.fail(`entry ${id}: ${r.message}`)
    }
  })
})
