import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../../src/main/cli/index'
import { UNDELETE_WINDOW_MS } from '../../../src/main/engine/service-accounts.view'
import { skeleton } from '../../../src/shared/confusables'
import { startFixture, type Fixture } from '../api/support'
import { makeEngine } from '../../support/engine'

const CYRILLIC = 'l\u0430beling-bot' // а U+0430
const JOINER = 'labeling-bot\u034f' // COMBINING GRAPHEME JOINER, shows nothing

async function engineWithAccount() {
  const t = makeEngine()
  t.repos.organizations.update(t.owner.organizationId, { service_account_quota: 20 }, 0)
  const created = await t.value('serviceAccounts:create', { name: 'labeling-bot', role: 'AD' })
  return { t, userId: created.account.userId }
}

describe('look-alike service-account names', () => {
  it('refuses a name confusable with an existing one, naming the account it looks like', async () => {
    const { t } = await engineWithAccount()
    for (const name of [
      CYRILLIC,
      'LABEL\u0399NG-BOT',
      'Iabeling-bot',
      'labeIing-bot',
      'lab\u0435ling-b\u043et',
    ]) {
      const r = await t.call('serviceAccounts:create', { name, role: 'AD' })
      expect(r.ok, name).toBe(false)
      if (r.ok) continue
      expect(r.error.code).toBe('CONFLICT')
      expect(r.error.message).toContain('looks like the existing service account “labeling-bot”')
    }
    const r = await t.call('serviceAccounts:create', { name: CYRILLIC, role: 'AD' })
    expect(!r.ok && r.error.message).toContain('(yours has U+0430)')
    // The live check the create dialog runs says the same.
    const check = await t.value('serviceAccounts:checkName', { name: CYRILLIC })
    expect(check).toMatchObject({ available: false })
    expect(check.message).toContain('“labeling-bot”')
    // Names that only share letters stay free.
    for (const name of ['labeling-bot-2', 'labelling-bot', 'Zoë bot']) {
      expect((await t.call('serviceAccounts:create', { name, role: 'AD' })).ok, name).toBe(true)
    }
    expect((await t.value('serviceAccounts:list')).map((a) => a.name).sort()).toEqual(
      ['Zoë bot', 'labeling-bot', 'labeling-bot-2', 'labelling-bot'].sort(),
    )
  })

  it('refuses invisible characters anywhere in a name, with or without a twin', async () => {
    const { t } = await engineWithAccount()
    for (const name of [
      JOINER,
      'ingest\u034fbot',
      'ingest\ufe0fbot',
      'ingest\u3164',
      'a\u200bb',
      'a\u202eb',
    ]) {
      const r = await t.call('serviceAccounts:create', { name, role: 'AD' })
      expect(r.ok, JSON.stringify(name)).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('VALIDATION')
    }
    const r = await t.call('serviceAccounts:create', { name: JOINER, role: 'AD' })
    expect(!r.ok && r.error.message).toContain('Name cannot contain invisible characters')
  })

  it('keeps a deleted account’s look-alikes reserved while it can be undeleted, then frees them', async () => {
    const { t, userId } = await engineWithAccount()
    await t.value('serviceAccounts:delete', { userId, confirmName: 'labeling-bot' })
    const r = await t.call('serviceAccounts:create', { name: CYRILLIC, role: 'AD' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT')
      expect(r.error.message).toMatch(
        /looks like “labeling-bot” \(yours has U\+0430\), which was deleted recently/,
      )
    }
    t.clock.advance(UNDELETE_WINDOW_MS + 1)
    expect((await t.call('serviceAccounts:create', { name: CYRILLIC, role: 'AD' })).ok).toBe(true)
  })

  it('computes TR39 skeletons from Unicode’s confusables data', () => {
    expect(skeleton(CYRILLIC)).toBe(skeleton('labeling-bot'))
    expect(skeleton('mode\u0301m')).toBe(skeleton('rnodém'))
    expect(skeleton('paypal')).not.toBe(skeleton('paypa1x'))
  })
})

describe('the same refusal over REST and the CLI', () => {
  let f: Fixture | undefined
  afterEach(async () => {
    await f?.close()
    f = undefined
  })

  it('POST /api/organizations/{id}/service-accounts answers 409 for a look-alike, 400 for invisible', async () => {
    f = await startFixture()
    const url = `/api/organizations/${f.org}/service-accounts`
    // The fixture already has "admin-bot".
    const alike = await f.req('POST', url, {
      token: f.tokens.OW,
      body: { name: 'adm\u0456n-bot', role: 'AD' },
    })
    expect(alike.status).toBe(409)
    expect(alike.body.detail).toContain('looks like the existing service account “admin-bot”')
    const hidden = await f.req('POST', url, {
      token: f.tokens.OW,
      body: { name: 'admin-bot\u034f', role: 'AD' },
    })
    expect(hidden.status).toBe(400)
    expect(JSON.stringify(hidden.body)).toContain('invisible characters')
  })

  it('tessera service-accounts create refuses a look-alike with the same message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-lookalike-'))
    const db = join(dir, 'tessera.db')
    const run = async (...args: string[]) => {
      let err = ''
      const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
      const e = vi
        .spyOn(process.stderr, 'write')
        .mockImplementation((s) => ((err += String(s)), true))
      try {
        return { code: await main(['node', 'tessera', '--db', db, ...args]), err }
      } finally {
        o.mockRestore()
        e.mockRestore()
      }
    }
    try {
      expect(
        (await run('service-accounts', 'create', '--name', 'labeling-bot', '--role', 'AD')).code,
      ).toBe(0)
      const r = await run('service-accounts', 'create', '--name', CYRILLIC, '--role', 'AD')
      expect(r.code).not.toBe(0)
      expect(r.err).toContain('looks like the existing service account “labeling-bot”')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a name of only punctuation is refused at every boundary', () => {
  const PUNCTUATION = ['...', '-_-', '_', '. - .']
  const MESSAGE = 'Name must contain at least one letter or digit'
  let f: Fixture | undefined
  afterEach(async () => {
    await f?.close()
    f = undefined
  })

  it('over the bridge (and its live name check), with the reason', async () => {
    const { t } = await engineWithAccount()
    for (const name of PUNCTUATION) {
      const r = await t.call('serviceAccounts:create', { name, role: 'AD' })
      expect(r.ok, name).toBe(false)
      if (!r.ok) expect([r.error.code, r.error.message]).toEqual(['VALIDATION', `name: ${MESSAGE}`])
      expect(await t.value('serviceAccounts:checkName', { name })).toMatchObject({
        available: false,
      })
    }
    // Punctuation inside a name with letters or digits stays allowed.
    expect((await t.call('serviceAccounts:create', { name: 'ocr-ingest.v2', role: 'AD' })).ok).toBe(
      true,
    )
  })

  it('over REST with 400 and over the CLI with the same message', async () => {
    f = await startFixture()
    const res = await f.req('POST', `/api/organizations/${f.org}/service-accounts`, {
      token: f.tokens.OW,
      body: { name: '...', role: 'AD' },
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toContain(MESSAGE)

    const dir = mkdtempSync(join(tmpdir(), 'tessera-punct-'))
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      const db = join(dir, 'tessera.db')
      const code = await main([
        'node',
        'tessera',
        '--db',
        db,
        'service-accounts',
        'create',
        '--name',
        '-_-',
        '--role',
        'AD',
      ])
      expect(code).not.toBe(0)
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain(MESSAGE)
    } finally {
      err.mockRestore()
      out.mockRestore()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
