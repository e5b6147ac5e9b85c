import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { channels, contracts, type Channel } from '../../../src/shared/contracts'
import { ERROR_CODES } from '../../../src/shared/result'
import { makeEngine, type TestEngine } from '../../support/engine'
import { inputFor } from './fuzz-values'

// FUZZ_LONG=1 (npm run test:fuzz-long) runs thousands of cases per contract.
const RUNS = process.env.FUZZ_LONG ? 2000 : 120

/** Channels that write files at a caller-given path are fuzzed in their own tests, not here. */
const WRITES_FILES = (c: Channel) => 'path' in keysOf(c).reduce((o, k) => ({ ...o, [k]: 1 }), {})

function keysOf(channel: Channel): string[] {
  let schema: z.ZodType = contracts[channel].input
  // Unwrap optional/default wrappers down to the object, if any.
  for (let i = 0; i < 5; i++) {
    const def = (schema as unknown as { def?: { innerType?: z.ZodType } }).def
    if (schema instanceof z.ZodObject || !def?.innerType) break
    schema = def.innerType
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : []
}

function snapshot(t: TestEngine): string {
  const tables = t.db
    .prepare<
      [],
      { name: string }
    >("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
  const h = createHash('sha256')
  for (const { name } of tables) {
    h.update(name)
    h.update(
      JSON.stringify(t.db.prepare(`SELECT * FROM "${name}"`).raw().all(), (_k, v) =>
        Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v,
      ),
    )
  }
  return h.digest('hex')
}

async function seed(t: TestEngine) {
  const ws = await t.value('workspaces:create', { title: 'Fuzz workspace' })
  const p = await t.value('projects:create', { title: 'Fuzz project', workspaceId: ws.id })
  await t.value('serviceAccounts:create', { name: 'fuzz-bot', role: 'AN', projectIds: [p.id] })
  await t.value('members:addPerson', { email: 'ann@acme.test', role: 'AN' })
  await t.value('quota:request', { count: 1, reason: 'fuzz' })
}

const REFUSALS = new Set<string>(ERROR_CODES.filter((c) => c !== 'INTERNAL'))

describe('every admin contract under random and malformed input', () => {
  const targets = channels.filter((c) => !WRITES_FILES(c))

  it.each(targets)('%s: no crash, documented error shape, no partial write', async (channel) => {
    const t = makeEngine()
    await seed(t)
    await fc.assert(
      fc.asyncProperty(inputFor(keysOf(channel)), async (input) => {
        const before = snapshot(t)
        const result = await t.call(channel, input as never)
        expect(typeof result.ok).toBe('boolean')
        if (!result.ok) {
          expect(
            REFUSALS.has(result.error.code),
            `${result.error.code}: ${result.error.message}`,
          ).toBe(true)
          expect(result.error.message.length).toBeGreaterThan(0)
          expect(snapshot(t)).toBe(before)
        }
      }),
      { numRuns: RUNS },
    )
    expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })
})
