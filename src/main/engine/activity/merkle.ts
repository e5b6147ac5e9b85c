import { createHash, hash } from 'node:crypto'

// Merkle tree hashing of RFC 9162 §2.1: leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ l ‖ r).
// One-shot crypto.hash: on the recorder's path the per-call cost of a Hash object is most of it.
const LEAF = Buffer.from([0])
const node = Buffer.alloc(65, 1)

export const leafHash = (data: string | Buffer): Buffer =>
  typeof data === 'string'
    ? hash('sha256', '\u0000' + data, 'buffer')
    : hash('sha256', Buffer.concat([LEAF, data]), 'buffer')

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  left.copy(node, 1)
  right.copy(node, 33)
  return hash('sha256', node, 'buffer')
}

/** The hash of the empty tree (RFC 9162: SHA-256 of the empty string). */
export const EMPTY_ROOT = createHash('sha256').digest()

/** The largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/**
 * The right edge of an append-only tree (a compact range from 0): one perfect subtree per set
 * bit of the size, largest first. Appending costs one leaf hash and, on average, one node hash;
 * `onNode` hears of every perfect subtree completed, so a store can keep those it wants.
 */
export class Frontier {
  constructor(
    public size = 0,
    public readonly hashes: Buffer[] = [],
  ) {}

  clone(): Frontier {
    return new Frontier(this.size, [...this.hashes])
  }

  append(leaf: Buffer, onNode?: (level: number, index: number, hash: Buffer) => void): void {
    let hash = leaf
    let index = this.size
    let level = 0
    // Each trailing 1 bit of the old size is a subtree that the new leaf completes a pair with.
    while (index & 1) {
      hash = nodeHash(this.hashes.pop()!, hash)
      index = Math.floor(index / 2)
      level++
      onNode?.(level, index, hash)
    }
    this.hashes.push(hash)
    this.size++
  }

  root(): Buffer {
    if (this.hashes.length === 0) return EMPTY_ROOT
    let hash = this.hashes[this.hashes.length - 1]!
    for (let i = this.hashes.length - 2; i >= 0; i--) hash = nodeHash(this.hashes[i]!, hash)
    return hash
  }
}

/**
 * Where proofs read subtree hashes: `perfect(start, size)` is the hash of the aligned perfect
 * subtree of `size` (a power of two) leaves beginning at leaf `start`.
 */
export interface SubtreeSource {
  perfect(start: number, size: number): Buffer
}

/** MTH(D[start:start+n]) for a range whose start is aligned to the tree's split points. */
export function rangeHash(src: SubtreeSource, start: number, n: number): Buffer {
  if (n === 0) return EMPTY_ROOT
  if ((n & (n - 1)) === 0) return src.perfect(start, n)
  const k = splitPoint(n)
  return nodeHash(src.perfect(start, k), rangeHash(src, start + k, n - k))
}

/** RFC 9162 §2.1.3.1 PATH(m, D[0:n]): the audit path of leaf m in the tree of size n. */
export function inclusionPath(src: SubtreeSource, m: number, n: number): Buffer[] {
  const path: Buffer[] = []
  let start = 0
  let size = n
  let index = m
  while (size > 1) {
    const k = splitPoint(size)
    if (index < k) {
      path.push(rangeHash(src, start + k, size - k))
      size = k
    } else {
      path.push(src.perfect(start, k))
      start += k
      index -= k
      size -= k
    }
  }
  return path.reverse()
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[0:n]): that the tree of size n extends the tree of size m. */
export function consistencyPath(src: SubtreeSource, m: number, n: number): Buffer[] {
  if (m <= 0 || m >= n) return []
  const proof: Buffer[] = []
  const sub = (m: number, start: number, n: number, whole: boolean): void => {
    if (m === n) {
      if (!whole) proof.push(rangeHash(src, start, n))
      return
    }
    const k = splitPoint(n)
    if (m <= k) {
      sub(m, start, k, whole)
      proof.push(rangeHash(src, start + k, n - k))
    } else {
      sub(m - k, start + k, n - k, false)
      proof.push(src.perfect(start, k))
    }
  }
  sub(m, 0, n, true)
  return proof
}

/** RFC 9162 §2.1.3.2: the root that an inclusion proof leads to, or null when it cannot. */
export function rootFromInclusion(
  index: number,
  size: number,
  leaf: Buffer,
  path: readonly Buffer[],
): Buffer | null {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) return null
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of path) {
    if (sn === 0) return null
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 ? r : null
}

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree (size2, root2) extends (size1, root1). */
export function verifyConsistency(
  size1: number,
  root1: Buffer,
  size2: number,
  root2: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (size1 < 0 || size2 < size1) return false
  if (size1 === size2) return proof.length === 0 && root1.equals(root2)
  if (size1 === 0) return proof.length === 0
  const path = [...proof]
  if ((size1 & (size1 - 1)) === 0) path.unshift(root1)
  if (path.length === 0) return false
  let fn = size1 - 1
  let sn = size2 - 1
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  let fr = path[0]!
  let sr = path[0]!
  for (const c of path.slice(1)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      sr = nodeHash(sr, c)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2)
}
