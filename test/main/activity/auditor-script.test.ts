import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateLogKeys } from '../../../src/main/engine/activity/log-keys'
import { verifierKey } from '../../../src/main/engine/activity/signed-note'
import { makeEngine, seededRandom, testClock } from '../../support/engine'
import { api } from './fixture'

const script = resolve(__dirname, '../../../scripts/verify-proof.sh')
const tools = ['jq', 'sha256sum', 'xxd', 'openssl', 'base64'].every(
  (t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0,
)

/** The README's procedure for an auditor, run as it is written there (scripts/verify-proof.sh). */
describe.skipIf(!tools)('checking a proof with common tools only', () => {
  it('accepts a proof Tessera wrote and rejects one whose entry or index was changed', () => {
    const keys = generateLogKeys(seededRandom('auditor'))
    const t = makeEngine(':memory:', testClock(), { logKeys: keys })
    for (let i = 0; i < 700; i++)
      api(t, { ts: t.clock.now(), url: `/api/x/?n=${i}`, duration_ms: 1.3 })
    const dir = mkdtempSync(join(tmpdir(), 'tessera-auditor-'))
    const run = (proof: unknown, key = keys) => {
      const file = join(dir, 'proof.json')
      writeFileSync(file, JSON.stringify(proof))
      return spawnSync('sh', [script, file, verifierKey(key.origin, key.publicKey)], {
        encoding: 'utf8',
      })
    }
    try {
      for (const id of [2, 300, 513, 701]) {
        const r = run(t.engine.activityProofs.prove(t.owner, id))
        expect(r.stdout, r.stderr).toMatch(new RegExp(`^proof verified: entry ${id} is leaf`))
      }
      const proof = t.engine.activityProofs.prove(t.owner, 300)
      expect(run({ ...proof, leafIndex: proof.leafIndex + 1 }).status).not.toBe(0)
      expect(run({ ...proof, entry: { ...proof.entry, status: 500 } }).status).not.toBe(0)
      const other = generateLogKeys(seededRandom('not the key'))
      expect(run(proof, other).status).not.toBe(0)
      expect(run(proof).status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
