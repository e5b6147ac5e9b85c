import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'

// C2SP signed-note (c2sp.org/signed-note) with Ed25519 signatures, carrying a C2SP
// tlog-checkpoint body (c2sp.org/tlog-checkpoint): origin, tree size, base64 root, then
// extension lines. Go's sumdb/note, Sigstore and the witness network read this format.

const ED25519 = 0x01
const DASH = '\u2014'
// The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/** The 4-byte key ID of an Ed25519 note key: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]. */
export function noteKeyId(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(name)
    .update(Buffer.from([0x0a, ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4)
}

/** The verifier key string of the note ecosystem: `name+hexid+base64(0x01 ‖ key)`. */
export function verifierKey(name: string, publicKey: Buffer): string {
  return `${name}+${noteKeyId(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`
}

export function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length)
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
}

/** Parses a verifier key string; throws on anything else. */
export function parseVerifierKey(text: string): { name: string; publicKey: Buffer } {
  // The name holds no '+'; base64 key data may.
  const t = text.trim()
  const a = t.indexOf('+')
  const b = a < 0 ? -1 : t.indexOf('+', a + 1)
  const [name, id, key] = b < 0 ? [] : [t.slice(0, a), t.slice(a + 1, b), t.slice(b + 1)]
  const raw = key ? Buffer.from(key, 'base64') : Buffer.alloc(0)
  if (!name || !id || raw.length !== 33 || raw[0] !== ED25519)
    throw new Error('not an Ed25519 verifier key (name+keyid+base64key)')
  const publicKey = raw.subarray(1)
  if (noteKeyId(name, publicKey).toString('hex') !== id)
    throw new Error('the verifier key’s ID does not match its name and key')
  return { name, publicKey }
}

export function signNote(text: string, name: string, privateKey: KeyObject): string {
  if (!text.endsWith('\n')) throw new Error('a note’s text ends with a newline')
  const publicKey = rawPublicKey(createPublicKey(privateKey))
  const signature = sign(null, Buffer.from(text), privateKey)
  const blob = Buffer.concat([noteKeyId(name, publicKey), signature]).toString('base64')
  return `${text}\n${DASH} ${name} ${blob}\n`
}

/**
 * The note's text when one of its signature lines is a valid signature by (name, publicKey);
 * null otherwise (unsigned by that key, altered, or not a note).
 */
export function openNote(note: string, name: string, publicKey: Buffer): string | null {
  const split = note.lastIndexOf('\n\n')
  if (split < 0) return null
  const text = note.slice(0, split + 1)
  const id = noteKeyId(name, publicKey)
  const key = publicKeyFromRaw(publicKey)
  for (const line of note.slice(split + 2).split('\n')) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line)
    if (!m || m[1] !== name) continue
    const blob = Buffer.from(m[2]!, 'base64')
    if (blob.length !== 68 || !blob.subarray(0, 4).equals(id)) continue
    if (verify(null, Buffer.from(text), key, blob.subarray(4))) return text
  }
  return null
}

/** The key names on a note's signature lines. */
export function noteSigners(note: string): string[] {
  const split = note.lastIndexOf('\n\n')
  if (split < 0) return []
  return note
    .slice(split + 2)
    .split('\n')
    .flatMap((line) => /^\u2014 (\S+) /.exec(line)?.[1] ?? [])
}

/** The fields a Tessera checkpoint carries (the first three are the tlog-checkpoint body). */
export interface CheckpointBody {
  origin: string
  treeSize: number
  root: Buffer
  organizationId: number
  lastId: number
  chainHash: Buffer
  time: number
}

export function checkpointText(c: CheckpointBody): string {
  return (
    [
      c.origin,
      String(c.treeSize),
      c.root.toString('base64'),
      `organization ${c.organizationId}`,
      `last-id ${c.lastId}`,
      `chain ${c.chainHash.toString('base64')}`,
      `time ${new Date(c.time).toISOString()}`,
    ].join('\n') + '\n'
  )
}

export function parseCheckpointText(text: string): CheckpointBody {
  const lines = text.split('\n')
  const ext = new Map(
    lines.slice(3).flatMap((l) => {
      const i = l.indexOf(' ')
      return i > 0 ? [[l.slice(0, i), l.slice(i + 1)] as const] : []
    }),
  )
  const treeSize = Number(lines[1])
  const root = Buffer.from(lines[2] ?? '', 'base64')
  if (!lines[0] || !/^\d+$/.test(lines[1] ?? '') || root.length !== 32)
    throw new Error('not a tlog checkpoint (origin, tree size, base64 root)')
  return {
    origin: lines[0],
    treeSize,
    root,
    organizationId: Number(ext.get('organization') ?? 0),
    lastId: Number(ext.get('last-id') ?? 0),
    chainHash: Buffer.from(ext.get('chain') ?? '', 'base64'),
    time: Date.parse(ext.get('time') ?? ''),
  }
}
