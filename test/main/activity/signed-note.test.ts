import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  checkpointText,
  openNote,
  parseCheckpointText,
  parseVerifierKey,
  signNote,
  verifierKey,
} from '../../../src/main/engine/activity/signed-note'

// The example of golang.org/x/mod/sumdb/note (its package documentation and note_test.go).
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
const GO_SIGNER_SEED = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'
const GO_TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n"
const GO_NOTE =
  GO_TEXT +
  '\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n'

describe('C2SP signed notes', () => {
  it('writes and reads the signed note of the Go reference implementation byte for byte', () => {
    const seed = Buffer.from(GO_SIGNER_SEED, 'base64').subarray(1)
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed])
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
    expect(signNote(GO_TEXT, 'PeterNeumann', key)).toBe(GO_NOTE)
    const { name, publicKey } = parseVerifierKey(GO_VERIFIER)
    expect(verifierKey(name, publicKey)).toBe(GO_VERIFIER)
    expect(openNote(GO_NOTE, name, publicKey)).toBe(GO_TEXT)
  })

  it('rejects an altered note, a note of another key and a key whose ID does not match', () => {
    const { name, publicKey } = parseVerifierKey(GO_VERIFIER)
    expect(openNote(GO_NOTE.replace('cryptography', 'Cryptography'), name, publicKey)).toBeNull()
    const other = generateKeyPairSync('ed25519').privateKey
    expect(openNote(signNote(GO_TEXT, 'PeterNeumann', other), name, publicKey)).toBeNull()
    expect(() => parseVerifierKey(GO_VERIFIER.replace('c74f20a3', 'c74f20a4'))).toThrow(/ID/)
  })

  it('carries a tlog-checkpoint body: origin, size, base64 root, then extension lines', () => {
    const body = {
      origin: 'tessera.local/activity/0123',
      treeSize: 42,
      root: Buffer.alloc(32, 7),
      organizationId: 1,
      lastId: 99,
      chainHash: Buffer.alloc(32, 9),
      time: Date.UTC(2026, 0, 1),
    }
    const text = checkpointText(body)
    expect(text.split('\n').slice(0, 3)).toEqual([
      'tessera.local/activity/0123',
      '42',
      Buffer.alloc(32, 7).toString('base64'),
    ])
    expect(parseCheckpointText(text)).toEqual(body)
  })
})
