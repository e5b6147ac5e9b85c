import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../../src/main/engine/auth/passwords'

const salt = (n: number) => Buffer.alloc(16, n)
const cheap = { log2N: 10, r: 8, p: 1 }

describe('password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', salt(1), cheap)
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$/)
    expect(await verifyPassword('correct horse battery', stored)).toBe(true)
    expect(await verifyPassword('correct horse batterz', stored)).toBe(false)
  })

  it('salts per user: the same password gives different hashes', async () => {
    const a = await hashPassword('same password here', salt(1), cheap)
    const b = await hashPassword('same password here', salt(2), cheap)
    expect(a).not.toBe(b)
  })

  it('never matches a missing or malformed hash', async () => {
    expect(await verifyPassword('anything at all', null)).toBe(false)
    expect(await verifyPassword('anything at all', 'plain-text')).toBe(false)
    expect(await verifyPassword('anything at all', 'scrypt$99$8$1$AA$AA')).toBe(false)
  })

  it('refuses a short salt', async () => {
    await expect(hashPassword('x'.repeat(12), Buffer.alloc(4), cheap)).rejects.toThrow(/salt/)
  })
})
