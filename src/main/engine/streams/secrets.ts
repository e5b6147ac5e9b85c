import type { SecretScheme } from '../../db/repos/log-streams.repo'
import { EngineError } from '../errors'
import type { StreamSecret } from './destination'

/**
 * Seals stream secrets (HEC tokens, header values) at rest. The desktop app passes one backed
 * by Electron's safeStorage (the OS keychain); serve mode keeps them in the database file,
 * which is private to its user (0600), as the README states.
 */
export interface SecretBox {
  scheme: Exclude<SecretScheme, 'none'>
  seal(text: string): Buffer
  open(sealed: Buffer): string
}

export const plainSecretBox: SecretBox = {
  scheme: 'plain',
  seal: (text) => Buffer.from(text, 'utf8'),
  open: (sealed) => sealed.toString('utf8'),
}

export function sealSecret(
  box: SecretBox,
  secret: StreamSecret | null,
): { secret: Buffer | null; secret_scheme: SecretScheme } {
  if (!secret) return { secret: null, secret_scheme: 'none' }
  return { secret: box.seal(JSON.stringify(secret)), secret_scheme: box.scheme }
}

export function openSecret(
  box: SecretBox,
  row: { secret: Buffer | null; secret_scheme: SecretScheme; name: string },
): StreamSecret | null {
  if (!row.secret || row.secret_scheme === 'none') return null
  if (row.secret_scheme !== box.scheme)
    throw new EngineError(
      'CONFLICT',
      row.secret_scheme === 'safeStorage'
        ? `The secret of stream “${row.name}” is encrypted by the desktop app's keychain and cannot be read here; remove the stream and add it again in this mode`
        : `The secret of stream “${row.name}” cannot be read here; remove the stream and add it again`,
    )
  return JSON.parse(box.open(row.secret)) as StreamSecret
}
