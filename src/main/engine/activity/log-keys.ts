import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs'
import { PRIVATE_FILE, makePrivate } from '../../db/file-modes'
import { rawPublicKey, verifierKey } from './signed-note'

/**
 * The installation's two activity-log secrets: the HMAC key of the chain and the Ed25519 key
 * that signs checkpoints. They live outside the database (a 0600 key file, or a file encrypted
 * with the desktop's safeStorage), so a copy of the database or a backup cannot recompute them.
 */
export interface LogKeys {
  hmacKey: Buffer
  signingKey: KeyObject
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Buffer
  /** Names the HMAC key without revealing it (stored with the entries it chains). */
  keyId: string
  /** The checkpoints' origin line and the signed note's key name. */
  origin: string
}

const FORMAT = 'tessera-activity-log-key'

export function logKeysFrom(hmacKey: Buffer, signingKey: KeyObject): LogKeys {
  if (hmacKey.length !== 32) throw new Error('the log key’s HMAC part must be 32 bytes')
  const publicKey = rawPublicKey(createPublicKey(signingKey))
  const keyId = createHmac('sha256', hmacKey).update('tessera key id').digest('hex').slice(0, 16)
  const origin = `tessera.local/activity/${createHash('sha256').update(publicKey).digest('hex').slice(0, 16)}`
  return { hmacKey, signingKey, publicKey, keyId, origin }
}

export function generateLogKeys(randomBytes: (n: number) => Uint8Array): LogKeys {
  const { privateKey } = generateKeyPairSync('ed25519')
  return logKeysFrom(Buffer.from(randomBytes(32)), privateKey)
}

/** The key file's text (JSON): what `activity key export` writes and a restore reads. */
export function serializeLogKeys(keys: LogKeys): string {
  const pkcs8 = keys.signingKey.export({ format: 'der', type: 'pkcs8' })
  return (
    JSON.stringify({
      format: FORMAT,
      version: 1,
      keyId: keys.keyId,
      hmac: keys.hmacKey.toString('base64'),
      ed25519: pkcs8.toString('base64'),
      verifierKey: verifierKey(keys.origin, keys.publicKey),
    }) + '\n'
  )
}

export function parseLogKeys(text: string): LogKeys {
  let data: { format?: unknown; hmac?: unknown; ed25519?: unknown }
  try {
    data = JSON.parse(text) as typeof data
  } catch {
    throw new Error('not a Tessera activity log key file')
  }
  if (data.format !== FORMAT || typeof data.hmac !== 'string' || typeof data.ed25519 !== 'string')
    throw new Error('not a Tessera activity log key file')
  const signingKey = createPrivateKey({
    key: Buffer.from(data.ed25519, 'base64'),
    format: 'der',
    type: 'pkcs8',
  })
  return logKeysFrom(Buffer.from(data.hmac, 'base64'), signingKey)
}

/** The key file beside a database: `<database>.log-key`. */
export const keyFileFor = (dbPath: string) => `${dbPath}.log-key`

/** Writes a key file owner-only; refuses to replace an existing one. */
export function writeKeyFile(path: string, keys: LogKeys): void {
  const fd = openSync(path, 'wx', PRIVATE_FILE)
  try {
    writeSync(fd, serializeLogKeys(keys))
  } finally {
    closeSync(fd)
  }
  makePrivate(path)
}

/**
 * Reads the key file, creating it with new keys when it does not exist and `create` is set
 * (a new installation, or a database whose keyed part is still to begin).
 */
export function loadKeyFile(
  path: string,
  options: { create: boolean; randomBytes: (n: number) => Uint8Array },
): LogKeys | null {
  if (existsSync(path)) {
    makePrivate(path)
    return parseLogKeys(readFileSync(path, 'utf8'))
  }
  if (!options.create) return null
  const keys = generateLogKeys(options.randomBytes)
  try {
    writeKeyFile(path, keys)
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return parseLogKeys(readFileSync(path, 'utf8'))
    throw err
  }
  return keys
}

/** The public key's fingerprint as shown in Settings and the CLI, as OpenSSH writes them. */
export function publicKeyFingerprint(publicKey: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKey).digest('base64').replace(/=+$/, '')}`
}
