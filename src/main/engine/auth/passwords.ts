import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Password hashes: scrypt with a per-user random salt, stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt b64>$<key b64>` so the cost can be raised later without
 * invalidating existing hashes.
 */
const KEY_LENGTH = 32
const SALT_LENGTH = 16

export interface ScryptCost {
  log2N: number
  r: number
  p: number
}

// N = 2^15, r = 8: ~32 MiB and a few tens of milliseconds per attempt, the scrypt paper's
// "interactive login" cost; throttling bounds how many attempts anyone gets.
export const DEFAULT_COST: ScryptCost = { log2N: 15, r: 8, p: 1 }

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

export async function hashPassword(
  password: string,
  salt: Uint8Array,
  cost: ScryptCost = DEFAULT_COST,
): Promise<string> {
  if (salt.length < SALT_LENGTH) throw new Error('salt too short')
  const s = Buffer.from(salt)
  const key = await derive(password, s, cost)
  return ['scrypt', cost.log2N, cost.r, cost.p, s.toString('base64'), key.toString('base64')].join(
    '$',
  )
}

function parse(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [log2N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  if (![log2N, r, p].every(Number.isInteger) || log2N < 10 || log2N > 20 || r < 1 || p < 1)
    return null
  const salt = Buffer.from(parts[4]!, 'base64')
  const key = Buffer.from(parts[5]!, 'base64')
  if (key.length !== KEY_LENGTH) return null
  return { cost: { log2N, r, p }, salt, key }
}

// Checked when an account has no usable hash, so "no such user" costs as much as "wrong password".
const DUMMY = `scrypt$${DEFAULT_COST.log2N}$${DEFAULT_COST.r}$${DEFAULT_COST.p}$${Buffer.alloc(SALT_LENGTH, 7).toString('base64')}$${Buffer.alloc(KEY_LENGTH, 9).toString('base64')}`

/** Constant-time check of `password` against a stored hash; a missing or broken hash never matches. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parse(stored ?? '') ?? parse(DUMMY)!
  const key = await derive(password, parsed.salt, parsed.cost)
  const same = timingSafeEqual(key, parsed.key)
  return same && stored !== null && parse(stored) !== null
}
