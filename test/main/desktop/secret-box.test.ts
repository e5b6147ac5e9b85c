import { describe, expect, it } from 'vitest'
import { safeStorageSecretBox } from '../../../src/main/desktop/secret-box'
import { makeEngine } from '../../support/engine'
import { createEngine } from '../../../src/main/engine/engine'

/** A stand-in for Electron's safeStorage: "encrypts" by reversing and tagging the bytes. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret') {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as 'gnome_libsecret',
    encryptString: (text: string) =>
      Buffer.concat([Buffer.from('v10'), Buffer.from(text).reverse()]),
    decryptString: (b: Buffer) => Buffer.from(b.subarray(3)).reverse().toString(),
  }
}

describe('log-stream secrets on the desktop (safeStorage)', () => {
  it('are stored sealed by safeStorage and opened for delivery; the stream says where they live', async () => {
    const t = makeEngine()
    const box = safeStorageSecretBox(fakeSafeStorage(), 'linux')!
    const engine = createEngine({ ...t.deps, secretBox: box })
    const s = engine.streams.add(t.owner, 'splunk', {
      kind: 'splunk',
      url: 'https://splunk.example.com:8088',
      token: 'hec-secret-token',
    })
    expect(s.secretStorage).toBe('safeStorage')
    const stored = t.db.prepare('SELECT secret FROM log_streams').pluck().get() as Buffer
    expect(stored.toString()).not.toContain('hec-secret-token')
    // An engine without the keychain (serve on the same file) cannot read it and says why.
    const plain = t.engine.streams.list(t.owner).streams[0]!
    expect(plain.secretStorage).toBe('safeStorage')
    const r = await t.call('streams:test', { id: s.id })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/keychain/) },
    })
  })

  it('is not used where the system offers no real encryption', () => {
    expect(safeStorageSecretBox(fakeSafeStorage(false), 'darwin')).toBeUndefined()
    expect(safeStorageSecretBox(fakeSafeStorage(true, 'basic_text'), 'linux')).toBeUndefined()
    expect(safeStorageSecretBox(fakeSafeStorage(true, 'basic_text'), 'win32')).toBeDefined()
  })
})
