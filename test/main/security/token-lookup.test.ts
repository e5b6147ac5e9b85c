/**
 * Replaces the bench's "unknown token ≤ 2× valid" timing rows (issue 17): what makes token
 * checks safe from timing attacks is not how fast each kind of answer is, but that a presented
 * token is only ever looked up by its SHA-256 digest (an index probe that does not depend on
 * the secret's bytes) and that the stored digest is compared in constant time — also when
 * nothing was found, against a dummy digest. This test watches both on the real service.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'

const compared = vi.hoisted(() => [] as [Buffer, Buffer][])
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>()
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([Buffer.from(a as Buffer), Buffer.from(b as Buffer)])
      return real.timingSafeEqual(a, b)
    },
  }
})

const { watchDataEpoch } = await import('../../../src/main/db/data-epoch')
const { createRepos } = await import('../../../src/main/db/repos')
const { tokensService } = await import('../../../src/main/engine/tokens.service')
const { formatToken } = await import('../../../src/shared/token-format')
const { makeEngine } = await import('../../support/engine')

const sha256 = (s: string) => createHash('sha256').update(s).digest()

function setup() {
  const t = makeEngine()
  const repos = createRepos(t.db)
  const lookedUp: Buffer[] = []
  const credential = repos.apiTokens.credential.bind(repos.apiTokens)
  repos.apiTokens.credential = (hash: Buffer) => {
    lookedUp.push(Buffer.from(hash))
    return credential(hash)
  }
  const tokens = tokensService(t.deps, repos, watchDataEpoch(t.db))
  const issued = tokens.issue(t.owner.userId, t.owner.organizationId)
  return { t, tokens, lookedUp, issued }
}

describe('token verification looks tokens up by digest and compares in constant time', () => {
  it('a valid token: one lookup by its SHA-256 digest, one constant-time comparison with the stored digest', () => {
    const { tokens, lookedUp, issued } = setup()
    compared.length = 0
    expect(tokens.verify(issued.token).ok).toBe(true)
    expect(lookedUp).toEqual([sha256(issued.token)])
    expect(compared).toHaveLength(1)
    expect(compared[0]![0]).toEqual(sha256(issued.token))
    expect(compared[0]![1]).toEqual(sha256(issued.token))
  })

  it('an unknown token of the right shape is compared in constant time too, against a dummy digest', () => {
    const { tokens, lookedUp } = setup()
    const guess = formatToken((n: number) => Buffer.alloc(n, 7))
    lookedUp.length = 0
    compared.length = 0
    expect(tokens.verify(guess)).toMatchObject({ ok: false, reason: 'unknown' })
    expect(lookedUp).toEqual([sha256(guess)])
    expect(compared).toHaveLength(1)
    expect(compared[0]![0]).toEqual(sha256(guess))
    expect(compared[0]![1]).toHaveLength(32)
    expect(compared[0]![1]).not.toEqual(sha256(guess))
  })

  it('never passes the plaintext to the database: no stored column holds a token', () => {
    const { t, issued } = setup()
    const dump = JSON.stringify(t.db.prepare('SELECT * FROM api_tokens').all())
    expect(dump).not.toContain(issued.token)
    expect(dump).not.toContain(issued.token.slice(4, 30))
  })
})
