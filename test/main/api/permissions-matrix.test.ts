import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ALL, orgLevel, scoped, type Case, type Role, type Side } from './matrix-cases'
import { startFixture, type Fixture } from './support'

interface Row {
  label: string
  role: Role | 'DI' | 'NO'
  c: Case
  side: 'A' | 'B'
  expected: number
}

function expectedStatus(role: Row['role'], c: Case, side: 'A' | 'B'): number {
  if (role === 'DI' || role === 'NO') return 401
  if (c.orgLevel || side === 'A') return c.allowed.includes(role) ? c.ok : 403
  // Not assigned: only org-wide roles see it; for the rest it does not exist.
  return role === 'OW' || role === 'AD' ? c.ok : 404
}

const rows: Row[] = []
for (const c of [...scoped, ...orgLevel]) {
  for (const role of [...ALL, 'DI', 'NO'] as const) {
    for (const side of c.orgLevel ? (['A'] as const) : (['A', 'B'] as const)) {
      rows.push({
        label: `${c.method} ${c.name} as ${role}${c.orgLevel ? '' : side === 'A' ? ' (assigned)' : ' (not assigned)'}`,
        role,
        c,
        side,
        expected: expectedStatus(role, c, side),
      })
    }
  }
}

describe('role × route × assignment matrix', () => {
  // Reads share one fixture; every write gets a fresh one so cases cannot affect each other.
  let shared: Fixture
  let f: Fixture | undefined
  beforeAll(async () => {
    shared = await startFixture()
  })
  afterAll(async () => shared.close())
  afterEach(async () => {
    if (f !== shared) await f?.close()
    f = undefined
  })

  it('covers every role and route', () => {
    expect(rows.length).toBe(scoped.length * 7 * 2 + orgLevel.length * 7)
  })

  it.each(rows)('$label → $expected', async ({ role, c, side, expected }) => {
    f = c.method === 'GET' ? shared : await startFixture()
    const s: Side =
      side === 'A'
        ? { ws: f.wsA, p: f.pA, t: f.tA, a: f.aA, pred: f.predA }
        : { ws: f.wsB, p: f.pB, t: f.tB, a: f.aB, pred: f.predB }
    const res = await f.req(c.method, c.path(s, f), { token: f.tokens[role], body: c.body?.(s, f) })
    expect(res.status, JSON.stringify(res.body)).toBe(expected)
    if (expected >= 400) {
      expect(res.body).toMatchObject({ status_code: expected, exc_info: null })
      expect(typeof res.body.detail).toBe('string')
    }
  })
})
