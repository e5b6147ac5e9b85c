import { beforeEach, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import { handlers } from '../../../src/main/rpc/handlers'
import { channels, contracts, type Channel } from '../../../src/shared/contracts'
import { makeEngine, snapshotTables, type TestEngine } from '../../support/engine'

let t: TestEngine
let saId: number
let wsId: number
beforeEach(async () => {
  t = makeEngine()
  wsId = (await t.value('workspaces:create', { title: 'W' })).id
  saId = (
    await t.value('serviceAccounts:create', { name: 'bot', role: 'AN', workspaceIds: [wsId] })
  ).account.userId
})

const dispatch = createDispatcher({ log: () => {} })
const raw = (channel: unknown, input: unknown) =>
  dispatch(channel, input, { engine: t.engine, actor: t.owner })

const long = (n: number) => 'x'.repeat(n)
const BIG = 2 ** 53 // not a safe integer
const UNKNOWN = 987_654_321

/** [channel, input, expected code] — what a buggy or hostile caller might send. */
const BAD: [string, unknown, 'VALIDATION' | 'NOT_FOUND'][] = [
  ['serviceAccounts:create', null, 'VALIDATION'],
  ['serviceAccounts:create', undefined, 'VALIDATION'],
  ['serviceAccounts:create', [], 'VALIDATION'],
  ['serviceAccounts:create', [{ name: 'a', role: 'AD' }], 'VALIDATION'],
  ['serviceAccounts:create', 'name=a', 'VALIDATION'],
  ['serviceAccounts:create', 42, 'VALIDATION'],
  ['serviceAccounts:create', {}, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a' }, 'VALIDATION'],
  ['serviceAccounts:create', { role: 'AD' }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 7, role: 'AD' }, 'VALIDATION'],
  ['serviceAccounts:create', { name: null, role: 'AD' }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a', role: 'ad' }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a', role: 'OW' }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a', role: 'AD', admin: true }, 'VALIDATION'],
  ['serviceAccounts:create', { name: long(100_000), role: 'AD' }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a', role: 'AD', description: long(2001) }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a', role: 'AN', workspaceIds: 'all' }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a', role: 'AN', workspaceIds: [1.5] }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a', role: 'AN', workspaceIds: [-1] }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a', role: 'AN', workspaceIds: [0] }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a', role: 'AN', workspaceIds: [BIG] }, 'VALIDATION'],
  ['serviceAccounts:create', { name: 'a', role: 'AN', workspaceIds: [null] }, 'VALIDATION'],
  [
    'serviceAccounts:create',
    { name: 'a', role: 'AN', workspaceIds: Array.from({ length: 501 }, (_, i) => i + 1) },
    'VALIDATION',
  ],
  [
    'serviceAccounts:create',
    JSON.parse('{"name":"a","role":"AD","__proto__":{"x":1}}'),
    'VALIDATION',
  ],
  ['serviceAccounts:get', { userId: -1 }, 'VALIDATION'],
  ['serviceAccounts:get', { userId: 0 }, 'VALIDATION'],
  ['serviceAccounts:get', { userId: 1.5 }, 'VALIDATION'],
  ['serviceAccounts:get', { userId: '1' }, 'VALIDATION'],
  ['serviceAccounts:get', { userId: BIG }, 'VALIDATION'],
  ['serviceAccounts:get', { userId: Number.NaN }, 'VALIDATION'],
  ['serviceAccounts:get', { userId: Infinity }, 'VALIDATION'],
  ['serviceAccounts:get', { userId: [1] }, 'VALIDATION'],
  ['serviceAccounts:get', { userId: UNKNOWN }, 'NOT_FOUND'],
  ['serviceAccounts:get', { userId: Number.MAX_SAFE_INTEGER }, 'NOT_FOUND'],
  ['serviceAccounts:get', { userId: 1 }, 'NOT_FOUND'], // the Owner: a person, not an account
  ['serviceAccounts:resetToken', { userId: UNKNOWN }, 'NOT_FOUND'],
  ['serviceAccounts:delete', { userId: UNKNOWN, confirmName: 'bot' }, 'NOT_FOUND'],
  ['serviceAccounts:delete', { userId: 2 }, 'VALIDATION'],
  ['serviceAccounts:delete', { userId: 2, confirmName: long(201) }, 'VALIDATION'],
  ['serviceAccounts:undelete', { userId: UNKNOWN }, 'NOT_FOUND'],
  ['serviceAccounts:changeRole', { userId: UNKNOWN, role: 'AD' }, 'NOT_FOUND'],
  ['serviceAccounts:setAssignments', { userId: UNKNOWN, workspaceIds: [1] }, 'NOT_FOUND'],
  ['serviceAccounts:checkName', { name: long(201) }, 'VALIDATION'],
  ['serviceAccounts:list', { includeDeleted: 'yes' }, 'VALIDATION'],
  ['org:get', null, 'VALIDATION'],
  ['org:get', [], 'VALIDATION'],
  ['org:get', { id: 1 }, 'VALIDATION'],
  ['org:updateSettings', null, 'VALIDATION'],
  ['org:updateSettings', { apiPort: 70000 }, 'VALIDATION'],
  ['org:updateSettings', { seatLimit: -1 }, 'VALIDATION'],
  ['org:updateSettings', { seatLimit: 2.5 }, 'VALIDATION'],
  ['org:updateSettings', { title: '   ' }, 'VALIDATION'],
  ['org:updateSettings', { title: long(201) }, 'VALIDATION'],
  ['org:updateSettings', { tokenMaxLifetimeDays: 0 }, 'VALIDATION'],
  ['org:updateSettings', { apiKeysEnabled: 'false' }, 'VALIDATION'],
  ['org:updateSettings', { serviceAccountQuota: 1000 }, 'VALIDATION'],
  ['members:list', { search: long(201) }, 'VALIDATION'],
  ['members:addPerson', { email: `${long(300)}@acme.test`, role: 'AN' }, 'VALIDATION'],
  ['members:addPerson', { email: 'a@acme.test', role: 'AN', password: 'x' }, 'VALIDATION'],
  ['members:changeRole', { userId: UNKNOWN, role: 'AN' }, 'NOT_FOUND'],
  ['members:deactivate', { userId: UNKNOWN }, 'NOT_FOUND'],
  ['workspaces:create', { title: '' }, 'VALIDATION'],
  ['workspaces:create', { title: long(201) }, 'VALIDATION'],
  ['workspaces:create', { title: 'ok', color: 'javascript:alert(1)' }, 'VALIDATION'],
  ['workspaces:update', { id: UNKNOWN, title: 'x' }, 'NOT_FOUND'],
  ['workspaces:delete', { id: UNKNOWN }, 'NOT_FOUND'],
  ['workspaces:delete', {}, 'VALIDATION'],
  ['workspaces:addMember', { id: UNKNOWN, userId: 1 }, 'NOT_FOUND'],
  ['projects:create', { title: 'p', workspaceId: UNKNOWN }, 'VALIDATION'],
  ['projects:update', { id: UNKNOWN }, 'NOT_FOUND'],
  ['projects:archive', { id: UNKNOWN, archived: true }, 'NOT_FOUND'],
  ['projects:archive', { id: 1, archived: 1 }, 'VALIDATION'],
  ['quota:request', { count: 1.5, reason: 'x' }, 'VALIDATION'],
  ['quota:request', { count: 1e9, reason: 'x' }, 'VALIDATION'],
  ['quota:request', { count: 1, reason: long(1001) }, 'VALIDATION'],
  ['quota:approve', { id: UNKNOWN }, 'NOT_FOUND'],
  ['quota:decline', { id: -5 }, 'VALIDATION'],
]

describe('the dispatcher', () => {
  it('answers bad input with VALIDATION or NOT_FOUND and a message, changing nothing', async () => {
    const before = snapshotTables(t.db)
    for (const [channel, input, code] of BAD) {
      const r = await raw(channel, input)
      const label = `${channel} ${JSON.stringify(input)?.slice(0, 80)}`
      expect(r.ok, label).toBe(false)
      if (r.ok) continue
      expect(r.error.code, label).toBe(code)
      expect(r.error.message.length, label).toBeGreaterThan(3)
      expect(r.error.message.length, label).toBeLessThan(400)
      expect(r.error.message, label).not.toMatch(/\n\s+at /)
    }
    expect(snapshotTables(t.db)).toEqual(before)
  })

  it('names the offending field so the form can show the message next to it', async () => {
    const r = await raw('serviceAccounts:create', { name: 'ok', role: 'AD', description: 5 })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { field: 'description' } },
    })
    if (!r.ok) expect(r.error.message).toMatch(/^description: /)
  })

  it('refuses unknown channels, whatever their type, without throwing', async () => {
    const weird: unknown[] = [
      'serviceAccounts:nope',
      '',
      'toString',
      '__proto__',
      'constructor',
      42,
      null,
      undefined,
      { channel: 'org:get' },
      Object.create(null),
      Symbol('x'),
    ]
    for (const channel of weird) {
      const r = await raw(channel, {})
      expect(r, String(typeof channel)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
      if (!r.ok) expect(r.error.message).toMatch(/Unknown operation/)
    }
  })

  it('hides unexpected failures behind INTERNAL and logs them', async () => {
    const logged: unknown[] = []
    const broken = createDispatcher({
      handlers: {
        ...handlers,
        'org:get': () => {
          throw new Error('disk on fire at /home/secret/path')
        },
      },
      log: (_m, e) => logged.push(e),
    })
    const r = await broken('org:get', undefined, { engine: t.engine, actor: t.owner })
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    if (!r.ok) expect(r.error.message).not.toContain('secret')
    expect(logged).toHaveLength(1)
  })

  it('has a handler for every channel of the registry', () => {
    const missing = channels.filter(
      (c) => typeof (handlers as Record<string, unknown>)[c] !== 'function',
    )
    expect(missing).toEqual([])
  })

  it('returns values that match each contract’s output schema', async () => {
    const check = async (channel: Channel, input?: unknown) => {
      const r = await raw(channel, input)
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
      const parsed = contracts[channel].output.safeParse(r.value)
      expect(parsed.success, `${channel}: ${parsed.error?.message}`).toBe(true)
    }
    const p = await t.value('projects:create', { title: 'P', workspaceId: wsId })
    const person = await t.value('members:addPerson', { email: 'p@acme.test', role: 'AN' })
    await check('org:get')
    await check('org:updateSettings', { tokenMaxLifetimeDays: 30 })
    await check('members:list')
    await check('members:deactivate', { userId: person.userId })
    await check('workspaces:list')
    await check('workspaces:members', { id: wsId })
    await check('projects:list')
    await check('projects:addMember', { id: p.id, userId: saId })
    await check('serviceAccounts:list')
    await check('serviceAccounts:get', { userId: saId })
    await check('serviceAccounts:checkName', { name: 'bot' })
    await check('serviceAccounts:resetToken', { userId: saId })
    await check('serviceAccounts:changeRole', { userId: saId, role: 'DI' })
    await check('serviceAccounts:delete', { userId: saId, confirmName: 'bot' })
    await check('serviceAccounts:list', { includeDeleted: true })
    await check('serviceAccounts:undelete', { userId: saId })
    await check('quota:request', { count: 1, reason: 'r' })
    await check('quota:list')
    await check('quota:approve', { id: 1 })
    await check('projects:delete', { id: p.id })
  })
})
