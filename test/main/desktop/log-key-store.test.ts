import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import {
  generateLogKeys,
  keyFileFor,
  writeKeyFile,
} from '../../../src/main/engine/activity/log-keys'
import { seededRandom } from '../../support/engine'

// Only the Electron glue is mocked: safeStorage "encrypts" by reversing and tagging the bytes.
const safe = { available: true }
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => safe.available,
    encryptString: (s: string) => Buffer.concat([Buffer.from('ENC:'), Buffer.from(s).reverse()]),
    decryptString: (b: Buffer) => Buffer.from(b.subarray(4)).reverse().toString(),
  },
}))
const { desktopLogKeys, ENCRYPTED_KEY_FILE } = await import(
  '../../../src/main/desktop/log-key-store'
)

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-keystore-'))
  safe.available = true
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('desktop log key store', () => {
  it('keeps the key encrypted with safeStorage in the data folder, and reads it back', () => {
    const db = openDatabase(join(dir, 'tessera.db'))
    const log = vi.fn()
    const keys = desktopLogKeys(log)(db, join(dir, 'tessera.db'))!
    const file = readFileSync(join(dir, ENCRYPTED_KEY_FILE))
    expect(file.subarray(0, 4).toString()).toBe('ENC:')
    expect(file.includes(Buffer.from(keys.hmacKey.toString('base64')))).toBe(false)
    expect(desktopLogKeys(log)(db, join(dir, 'tessera.db'))!.keyId).toBe(keys.keyId)
    expect(log).not.toHaveBeenCalled()
    db.close()
  })

  it('takes in a restored plain key file and encrypts it', () => {
    const path = join(dir, 'tessera.db')
    const db = openDatabase(path)
    const restored = generateLogKeys(seededRandom('restored'))
    writeKeyFile(keyFileFor(path), restored)
    expect(desktopLogKeys(() => {})(db, path)!.keyId).toBe(restored.keyId)
    expect(existsSync(keyFileFor(path))).toBe(false)
    db.close()
  })

  it('takes the exported key of a restored backup over its own when the log is chained with it', () => {
    const path = join(dir, 'tessera.db')
    const own = openDatabase(path)
    desktopLogKeys(() => {})(own, path)
    own.close()
    // A backup from another machine, chained with that machine's key, restored here.
    const other = generateLogKeys(seededRandom('other machine'))
    rmSync(path)
    const restored = openDatabase(path)
    restored
      .prepare(
        'INSERT OR REPLACE INTO activity_chain_segments (first_id, key_id, prev_hash, started_at) VALUES (1, ?, zeroblob(32), 0)',
      )
      .run(other.keyId)
    writeKeyFile(keyFileFor(path), other)
    expect(desktopLogKeys(() => {})(restored, path)!.keyId).toBe(other.keyId)
    expect(desktopLogKeys(() => {})(restored, path)!.keyId).toBe(other.keyId)
    restored.close()
  })

  it('says plainly when safeStorage is not available, and keeps a 0600 file instead', () => {
    safe.available = false
    const path = join(dir, 'tessera.db')
    const db = openDatabase(path)
    const log = vi.fn()
    expect(desktopLogKeys(log)(db, path)).not.toBeNull()
    expect(log).toHaveBeenCalledWith(
      expect.stringMatching(/safeStorage is not available.*unencrypted/),
    )
    expect(existsSync(keyFileFor(path))).toBe(true)
    db.close()
  })
})
