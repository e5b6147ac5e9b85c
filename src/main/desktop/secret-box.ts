import type { SafeStorage } from 'electron'
import type { SecretBox } from '../engine/streams/secrets'

/**
 * Log-stream secrets sealed with Electron's safeStorage (the OS keychain: Keychain on macOS,
 * DPAPI on Windows, the Secret Service or KWallet on Linux). Undefined when the system offers
 * no real encryption (Linux without a keyring falls back to a hard-coded key, "basic_text"):
 * secrets then stay in the private database file and the screen says so.
 */
export function safeStorageSecretBox(
  safeStorage: Pick<
    SafeStorage,
    'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
  >,
  platform: NodeJS.Platform = process.platform,
): SecretBox | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
    return undefined
  return {
    scheme: 'safeStorage',
    seal: (text) => safeStorage.encryptString(text),
    open: (sealed) => safeStorage.decryptString(sealed),
  }
}
