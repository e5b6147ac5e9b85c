import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ActivityRow } from '../../../src/main/db/repos/activity.repo'
import { entryHash } from '../../../src/main/engine/activity/chain'
import { generateLogKeys, type LogKeys } from '../../../src/main/engine/activity/log-keys'
import { Frontier, leafHash } from '../../../src/main/engine/activity/merkle'
import { checkProof, type InclusionProof } from '../../../src/main/engine/activity/proof-format'
import { signNote, verifierKey } from '../../../src/main/engine/activity/signed-note'
import { entryContent } from '../../../src/main/engine/activity/chain'
import { DAY_MS } from '../../../src/main/engine/deps'
import { openDatabase } from '../../../src/main/db/open'
import { migrate } from '../../../src/main/db/migrate'
import { migrations } from '../../../src/main/db/migrations'
import { createEngine } from '../../../src/main/engine/engine'
import { makeEngine, seededRandom, testClock, type TestEngine } from '../../support/engine'
import { api } from './fixture'

let dir: string
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'tessera-proofs-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const keysA = () => generateLogKeys(seededRandom('key A'))

function keyed(keys: LogKeys = keysA(), path = join(dir, 'log.db'), clock = testClock()) {
  return makeEngine(path, clock, { logKeys: keys })
}

function fill(t: TestEngine, n: number, from = 0) {
  for (let i = 0; i < n; i++)
    api(t, { ts: t.clock.now(), url: `/api/projects/?page=${from + i}`, status: 200 })
}

const rows = (t: TestEngine, after = 0) =>
  t.db
    .prepare('SELECT * FROM activity_entries WHERE id > ? ORDER BY id')
    .all(after) as ActivityRow[]

/** What someone with the file but without the key does: edit, then redo SHA-256 from there on. */
function rewriteWithSha(t: TestEngine, id: number, patch: Partial<ActivityRow>, from = id) {
  t.db
    .prepare('UPDATE activity_entries SET url = @url, ip = @ip WHERE id = @id')
    .run({ id, ...patch })
  let prev = rows(t, from - 1)[0]!.prev_hash
  const update = t.db.prepare('UPDATE activity_entries SET prev_hash = ?, hash = ? WHERE id = ?')
  for (const r of rows(t, from - 1)) {
    const hash = entryHash({ ...r, prev_hash: prev })
    update.run(prev, hash, r.id)
    prev = hash
  }
}

/** ...and redo the Merkle tree's stored subtrees from the rewritten entries as well. */
function rebuildTree(t: TestEngine) {
  const base = (
    t.db.prepare('SELECT tree_base FROM activity_tree_state').get() as { tree_base: number }
  ).tree_base
  t.db.prepare('DELETE FROM activity_tree_nodes').run()
  const put = t.db.prepare('INSERT INTO activity_tree_nodes (level, idx, hash) VALUES (?, ?, ?)')
  const f = new Frontier()
  for (const r of rows(t, base))
    f.append(leafHash(entryContent(r)), (level, idx, hash) => {
      if (level >= 8) put.run(level, idx, hash)
    })
}

describe('keyed chain', () => {
  it('finds by id an entry edited with the SHA-256 chain recomputed the old way', async () => {
    const t = keyed()
    fill(t, 300)
    expect(await t.engine.activityLog.verify()).toMatchObject({ intact: true })
    rewriteWithSha(t, 101, { url: '/api/nothing-happened-here', ip: '203.0.113.7' })
    expect(await t.engine.activityLog.verify()).toMatchObject({
      intact: false,
      brokenAt: 101,
      reason: 'edited',
      message: 'Entry 101 was changed after it was written',
    })
  })

  it('reports the SHA-256 part and the keyed part separately after an upgrade', async () => {
    const path = join(dir, 'old.db')
    // A file of the version before: schema 8, plain SHA-256.
    const db = openDatabase(path, { migrate: false })
    migrate(db, migrations.slice(0, 8))
    const deps = { db, now: testClock().now, randomBytes: seededRandom() }
    const old = createEngine(deps)
    const owner = old.organization.ensure({ title: 'Acme', ownerEmail: 'owner@acme.test' })
    for (let i = 0; i < 20; i++) old.activity.admin(owner, { action: 'test.old' })
    db.close()
    const t = keyed(keysA(), path)
    fill(t, 10)
    const r = await t.engine.activityLog.verify()
    expect(r.intact).toBe(true)
    expect(r.parts).toEqual([
      { firstId: 1, lastId: 21, chain: 'sha256', checked: 21, status: 'verified' },
      { firstId: 22, lastId: 31, chain: 'hmac-sha256', checked: 10, status: 'verified' },
    ])
  })

  it('without the key says what it could check and never that the log is intact', async () => {
    const path = join(dir, 'log.db')
    const t = keyed(keysA(), path)
    fill(t, 50)
    t.close()
    const restored = makeEngine(path) // e.g. a backup restored on a machine without the key
    const r = await restored.engine.activityLog.verify()
    expect(r.intact).toBe(false)
    expect(r.parts).toEqual([
      expect.objectContaining({ firstId: 1, lastId: 51, status: 'links-only' }),
    ])
    expect(r.message).toMatch(
      /^Not proved intact: entries 1–51 are chained with a key this installation does not hold/,
    )
    expect(r.message).not.toMatch(/is intact/)
  })

  it('with another key, chains on under it and still cannot prove the first part', async () => {
    const path = join(dir, 'log.db')
    keyed(keysA(), path).close()
    const t = keyed(generateLogKeys(seededRandom('key B')), path)
    fill(t, 5)
    const r = await t.engine.activityLog.verify()
    expect(r.intact).toBe(false)
    expect(r.parts.map((p) => [p.firstId, p.lastId, p.status])).toEqual([
      [1, 1, 'links-only'],
      [2, 6, 'verified'],
    ])
  })

  it('never writes the key into the database', () => {
    const keys = keysA()
    const t = keyed(keys)
    fill(t, 10)
    t.close()
    const file = readFileSync(join(dir, 'log.db'))
    expect(file.includes(keys.hmacKey)).toBe(false)
    expect(file.includes(keys.hmacKey.toString('base64'))).toBe(false)
  })
})

describe('inclusion proofs', () => {
  it('prove an entry with nothing but the public key; a flipped bit, a wrong index or another key is rejected', () => {
    const keys = keysA()
    const t = keyed(keys)
    fill(t, 1000)
    const proof = t.engine.activityProofs.prove(t.owner, 700)
    const key = verifierKey(keys.origin, keys.publicKey)
    expect(checkProof(proof, key)).toMatchObject({ ok: true })
    expect(proof).toMatchObject({ leafIndex: 699, entry: { id: 700 } })

    const copy = () => JSON.parse(JSON.stringify(proof)) as InclusionProof
    const flipped = copy()
    const h = Buffer.from(flipped.auditPath[2]!, 'base64')
    h[5]! ^= 0x01
    flipped.auditPath[2] = h.toString('base64')
    expect(checkProof(flipped, key)).toMatchObject({ ok: false })

    const edited = copy()
    edited.entry.status = 500
    edited.leafData = entryContent(edited.entry as unknown as ActivityRow)
    expect(checkProof(edited, key)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/audit path/),
    })

    const moved = copy()
    moved.leafIndex = 698
    expect(checkProof(moved, key)).toMatchObject({ ok: false })

    const other = generateLogKeys(seededRandom('other'))
    const forged = copy()
    const text = forged.checkpoint.slice(0, forged.checkpoint.lastIndexOf('\n\n') + 1)
    forged.checkpoint = signNote(text, keys.origin, other.signingKey)
    expect(checkProof(forged, key)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not signed/),
    })
    expect(checkProof(proof, verifierKey(other.origin, other.publicKey))).toMatchObject({
      ok: false,
    })
  })

  it('still prove the entries that survive a retention purge, and verify still holds', async () => {
    const clock = testClock()
    const t = keyed(keysA(), join(dir, 'log.db'), clock)
    fill(t, 300) // ids 2–301, at T0
    clock.advance(200 * DAY_MS)
    fill(t, 500, 300)
    const before = t.engine.activityProofs.prove(t.owner, 600)
    await t.engine.activityLog.purgeExpired()
    expect(t.db.prepare('SELECT min(id) AS m FROM activity_entries').get()).toEqual({ m: 302 })
    const key = t.engine.activityProofs.status(t.owner).verifierKey!
    for (const id of [302, 303, 512, 513, 600, 801]) {
      expect(
        checkProof(t.engine.activityProofs.prove(t.owner, id), key),
        `entry ${id}`,
      ).toMatchObject({ ok: true })
    }
    expect(t.engine.activityProofs.prove(t.owner, 600).auditPath).toEqual(before.auditPath)
    // A checkpoint from before the purge point still has a consistency proof to a later one.
    const [newest, ...older] = t.engine.activityProofs.checkpoints(t.owner, 10)
    const oldest = older.at(-1)!
    expect(oldest.treeSize).toBeLessThan(300)
    expect(
      checkProof(t.engine.activityProofs.proveConsistency(t.owner, oldest.id, newest!.id), key),
    ).toMatchObject({ ok: true })
    expect(await t.engine.activityLog.verify()).toMatchObject({ intact: true })
  })
})

describe('signed checkpoints', () => {
  it('are written every 10,000 entries and at least hourly, and heard by subscribers', () => {
    const clock = testClock()
    const t = keyed(keysA(), ':memory:', clock)
    const heard: number[] = []
    t.engine.activityProofs.onCheckpoint((c) => heard.push(c.treeSize))
    fill(t, 10_050)
    clock.advance(30 * 60_000)
    fill(t, 1)
    clock.advance(31 * 60_000)
    fill(t, 1)
    const sizes = t.engine.activityProofs
      .checkpoints(t.owner, 10)
      .map((c) => c.treeSize)
      .reverse()
    // The first at the first entry written on its own, then every 10,000, then the hour.
    expect(sizes).toEqual([2, 10_000, 10_053])
    expect(heard).toEqual([2, 10_000, 10_053])
  })

  it('a consistency proof across 100 checkpoints verifies, and fails after a rewrite in between', () => {
    const keys = keysA()
    const t = keyed(keys)
    const ids: number[] = []
    for (let i = 0; i < 100; i++) {
      fill(t, 1 + (i % 7) * 5, i * 40)
      ids.push(t.engine.activityProofs.checkpointNow(t.owner).id)
    }
    const key = verifierKey(keys.origin, keys.publicKey)
    const first = ids[0]!
    const last = ids[ids.length - 1]!
    for (let i = 1; i < ids.length; i++) {
      expect(
        checkProof(t.engine.activityProofs.proveConsistency(t.owner, ids[i - 1]!, ids[i]!), key).ok,
      ).toBe(true)
    }
    expect(checkProof(t.engine.activityProofs.proveConsistency(t.owner, first, last), key).ok).toBe(
      true,
    )
    const mid = t.engine.activityProofs.checkpoint(t.owner, ids[50]!)
    rewriteWithSha(t, mid.lastId - 3, { url: '/api/rewritten', ip: '203.0.113.7' })
    rebuildTree(t)
    expect(
      checkProof(t.engine.activityProofs.proveConsistency(t.owner, ids[40]!, ids[60]!), key),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/rewritten/),
    })
    expect(
      checkProof(t.engine.activityProofs.proveConsistency(t.owner, ids[10]!, ids[49]!), key).ok,
    ).toBe(true)
  })

  it('the anchor file shows the newest 500 entries were cut off, even with the stored checkpoints gone', async () => {
    const t = keyed()
    const anchor = join(dir, 'other-disk', 'anchor.jsonl')
    rmSync(join(dir, 'other-disk'), { recursive: true, force: true })
    expect(() => t.engine.activityProofs.setAnchorPath(t.owner, anchor)).toThrow(/does not exist/)
    writeFileSync(join(dir, 'placeholder'), '')
    const anchorHere = join(dir, 'anchor.jsonl')
    t.engine.activityProofs.setAnchorPath(t.owner, anchorHere)
    fill(t, 1500)
    t.engine.activityProofs.checkpointNow(t.owner)
    const head = rows(t).at(-1)!.id
    expect(readFileSync(anchorHere, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(2)

    t.db.prepare('DELETE FROM activity_entries WHERE id > ?').run(head - 500)
    t.db.prepare('DELETE FROM activity_signed_checkpoints').run()
    expect(await t.engine.activityLog.verify()).toMatchObject({ intact: true })
    expect(await t.engine.activityLog.verify({ anchorFile: anchorHere })).toMatchObject({
      intact: false,
      reason: 'truncated',
      brokenAt: head - 499,
      message: expect.stringMatching(new RegExp(`entries ${head - 499} to ${head} were removed`)),
    })
  })

  it('the anchor file shows a rewrite whose chain and tree were both recomputed', async () => {
    const t = keyed()
    const anchor = join(dir, 'anchor.jsonl')
    t.engine.activityProofs.setAnchorPath(t.owner, anchor)
    fill(t, 600)
    t.engine.activityProofs.checkpointNow(t.owner)
    // Every hash from the first entry on, so that no HMAC is left to disagree.
    rewriteWithSha(t, 300, { url: '/api/x', ip: '203.0.113.7' }, 1)
    rebuildTree(t)
    t.db.prepare('DELETE FROM activity_signed_checkpoints').run()
    // Pretend the attacker relabelled the keyed part too, so the HMAC check is skipped.
    t.db.prepare('UPDATE activity_chain_segments SET key_id = NULL').run()
    const r = await t.engine.activityLog.verify({ anchorFile: anchor })
    expect(r).toMatchObject({ intact: false, reason: 'checkpoint' })
    expect(r.message).toMatch(/anchored checkpoint/)
    expect(r.brokenAt).toBeLessThanOrEqual(300)
    expect(existsSync(anchor)).toBe(true)
    truncateSync(anchor, 10)
    await expect(t.engine.activityLog.verify({ anchorFile: anchor })).rejects.toThrow(/anchor/)
  })
})
