import { createHash } from 'node:crypto'
import { generateURI, verifySync } from 'otplib'

/**
 * Time-based one-time codes (RFC 6238: 30-second steps, 6 digits, SHA-1, as every
 * authenticator app expects) through otplib, and recovery codes. The clock is the engine's,
 * so tests pass a fixed one.
 */
export const TOTP_PERIOD_S = 30
export const RECOVERY_CODE_COUNT = 10
const ISSUER = 'Tessera'
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 without padding (20 bytes give exactly 32 characters). */
export function base32(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31]
  return out
}

/** A new secret: 160 random bits, the size RFC 4226 recommends. */
export const newTotpSecret = (randomBytes: (n: number) => Uint8Array): string =>
  base32(randomBytes(20))

/** What an authenticator app scans (otpauth://…), naming the account by email. */
export const totpUri = (secret: string, email: string): string =>
  generateURI({ issuer: ISSUER, label: email, secret, period: TOTP_PERIOD_S })

/** The secret in groups of four, as people type it into an app. */
export const groupedSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ')

/**
 * The time step a code belongs to, if it is right now (one step of clock drift either way) and
 * later than `afterStep` (a code already used does not work again); null otherwise.
 */
export function acceptedStep(
  secret: string,
  code: string,
  nowMs: number,
  afterStep: number | null,
): number | null {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return null
  const result = verifySync({
    secret,
    token,
    epoch: Math.floor(nowMs / 1000),
    period: TOTP_PERIOD_S,
    epochTolerance: TOTP_PERIOD_S,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  })
  // The functional API answers for HOTP and TOTP alike; only TOTP results carry a step.
  return result.valid && 'timeStep' in result ? result.timeStep : null
}

/** Recovery codes look like `k7qm2-x9fzt`: 50 random bits each, typed without case. */
export function newRecoveryCodes(randomBytes: (n: number) => Uint8Array): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const text = base32(randomBytes(7)).slice(0, 10).toLowerCase()
    return `${text.slice(0, 5)}-${text.slice(5)}`
  })
}

const normalizedRecovery = (code: string) => code.replace(/[\s-]+/g, '').toLowerCase()
export const looksLikeRecoveryCode = (code: string): boolean =>
  /^[a-z2-7]{10}$/.test(normalizedRecovery(code))
/** Recovery codes are random, so a plain SHA-256 is enough to keep them unreadable at rest. */
export const recoveryCodeHash = (code: string): Buffer =>
  createHash('sha256')
    .update(`tessera-recovery\0${normalizedRecovery(code)}`)
    .digest()
