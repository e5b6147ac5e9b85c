import { createHash, createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  Frontier,
  consistencyPath,
  inclusionPath,
  leafHash,
  nodeHash,
  rootFromInclusion,
  verifyConsistency,
  type SubtreeSource,
} from '../../../src/main/engine/activity/merkle'
import { keyedChain } from '../../../src/main/engine/activity/chain'

const sha = (...parts: Buffer[]) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest()
}

/** RFC 9162 §2.1.1 MTH, written out from the definition. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha()
  if (leaves.length === 1) return sha(Buffer.from([0]), leaves[0]!)
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  return sha(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)))
}

const data = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`entry ${i}`))
const naiveSource = (d: Buffer[]): SubtreeSource => ({
  perfect: (start, size) => mth(d.slice(start, start + size)),
})

// The reference vectors of RFC 6962 implementations (transparency-dev/merkle testonly,
// certificate-transparency-go): eight leaves and MTH of each prefix.
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'))
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]

describe('RFC 9162 Merkle tree', () => {
  it('computes the reference roots and audit path of RFC 6962 implementations', () => {
    const f = new Frontier()
    CT_LEAVES.forEach((leaf, i) => {
      f.append(leafHash(leaf))
      expect(f.root().toString('hex')).toBe(CT_ROOTS[i])
    })
    expect(inclusionPath(naiveSource(CT_LEAVES), 0, 8).map((h) => h.toString('hex'))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ])
  })

  it('hashes leaves with 0x00 and nodes with 0x01', () => {
    const a = Buffer.from('a')
    expect(leafHash(a)).toEqual(sha(Buffer.from([0]), a))
    expect(leafHash('a')).toEqual(sha(Buffer.from([0]), a))
    const l = sha(Buffer.from('l'))
    const r = sha(Buffer.from('r'))
    expect(nodeHash(l, r)).toEqual(sha(Buffer.from([1]), l, r))
  })

  it('matches the definition for every size up to 130, appended one leaf at a time', () => {
    const d = data(130)
    const f = new Frontier()
    for (let n = 1; n <= d.length; n++) {
      f.append(leafHash(d[n - 1]!))
      expect(f.root()).toEqual(mth(d.slice(0, n)))
    }
  })

  it('proves and verifies inclusion of every leaf and consistency of every pair up to 40', () => {
    const d = data(40)
    const src = naiveSource(d)
    for (let n = 1; n <= d.length; n++) {
      const root = mth(d.slice(0, n))
      for (let m = 0; m < n; m++) {
        const path = inclusionPath(src, m, n)
        expect(rootFromInclusion(m, n, leafHash(d[m]!), path)).toEqual(root)
        if (n > 1)
          expect(rootFromInclusion((m + 1) % n, n, leafHash(d[m]!), path)).not.toEqual(root)
      }
      for (let m = 1; m <= n; m++) {
        const proof = consistencyPath(src, m, n)
        expect(verifyConsistency(m, mth(d.slice(0, m)), n, root, proof)).toBe(true)
      }
    }
  })

  it('rejects a consistency proof once a leaf before the old size is rewritten', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.nat(),
        (m, extra, at) => {
          const n = m + extra
          const d = data(n)
          const oldRoot = mth(d.slice(0, m))
          const rewritten = [...d]
          rewritten[at % m] = Buffer.from('rewritten')
          const proof = consistencyPath(naiveSource(rewritten), m, n)
          return !verifyConsistency(m, oldRoot, n, mth(rewritten), proof)
        },
      ),
    )
  })
})

describe('the keyed chain hash', () => {
  it('is HMAC-SHA-256 as node:crypto computes it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string(), (key, content) => {
        const k = Buffer.from(key)
        const prev = createHash('sha256').update(content).digest()
        const want = createHmac('sha256', k).update(prev).update(content).digest()
        return keyedChain(k)(prev, content).equals(want)
      }),
    )
  })
})
