/**
 * Service-account token format (DESIGN §4): `tsa_` + 30 base62 random characters + 6 base62
 * characters of CRC32 over the random part, as GitHub's token scheme does. Pure functions: the
 * random bytes come from the caller so this file needs no node:crypto.
 */
export const TOKEN_PREFIX = 'tsa_'
export const TOKEN_RANDOM_LENGTH = 30
export const TOKEN_CHECKSUM_LENGTH = 6
export const TOKEN_LENGTH = TOKEN_PREFIX.length + TOKEN_RANDOM_LENGTH + TOKEN_CHECKSUM_LENGTH

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
/** Matches a well-formed token anywhere in text (leak scanning). */
export const TOKEN_PATTERN = /\btsa_[0-9A-Za-z]{36}\b/g

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

export function crc32(text: string): number {
  let crc = 0xffffffff
  for (let i = 0; i < text.length; i++) {
    crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8)
  }
  return (crc ^ 0xffffffff) >>> 0
}

export function toBase62(value: number, width: number): string {
  let out = ''
  let v = value
  for (let i = 0; i < width; i++) {
    out = BASE62[v % 62]! + out
    v = Math.floor(v / 62)
  }
  return out
}

/**
 * Builds a token from a source of random bytes. Rejection sampling keeps every character
 * uniform over base62 (bytes >= 248 are discarded).
 */
export function formatToken(randomBytes: (n: number) => Uint8Array): string {
  let random = ''
  while (random.length < TOKEN_RANDOM_LENGTH) {
    for (const b of randomBytes(TOKEN_RANDOM_LENGTH * 2)) {
      if (b < 248 && random.length < TOKEN_RANDOM_LENGTH) random += BASE62[b % 62]
    }
  }
  return TOKEN_PREFIX + random + toBase62(crc32(random), TOKEN_CHECKSUM_LENGTH)
}

export type TokenShape = 'ok' | 'malformed' | 'bad_checksum'

/** Checks prefix, length, alphabet and checksum without touching any store. */
export function checkTokenShape(token: string): TokenShape {
  if (token.length !== TOKEN_LENGTH || !token.startsWith(TOKEN_PREFIX)) return 'malformed'
  const body = token.slice(TOKEN_PREFIX.length)
  if (!/^[0-9A-Za-z]+$/.test(body)) return 'malformed'
  const random = body.slice(0, TOKEN_RANDOM_LENGTH)
  const checksum = body.slice(TOKEN_RANDOM_LENGTH)
  return toBase62(crc32(random), TOKEN_CHECKSUM_LENGTH) === checksum ? 'ok' : 'bad_checksum'
}

/** The form shown in lists: `tsa_…wxyz`. */
export function displayToken(token: string): string {
  return `${TOKEN_PREFIX}…${token.slice(-4)}`
}
