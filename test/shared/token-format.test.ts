import { describe, expect, it } from 'vitest'
import {
  TOKEN_LENGTH,
  TOKEN_PATTERN,
  checkTokenShape,
  crc32,
  displayToken,
  formatToken,
  toBase62,
} from '../../src/shared/token-format'
import { seededRandom } from '../support/engine'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const random = seededRandom('token-format')

describe('token format', () => {
  it('is tsa_ + 30 base62 + 6 base62 CRC32 of the random part, 40 characters, no dot', () => {
    for (let i = 0; i < 200; i++) {
      const t = formatToken(random)
      expect(t).toMatch(/^tsa_[0-9A-Za-z]{36}$/)
      expect(t).toHaveLength(TOKEN_LENGTH)
      expect(TOKEN_LENGTH).toBe(40)
      // A dot would make the Label Studio SDK treat it as a JWT instead of a legacy key.
      expect(t).not.toContain('.')
      const randomPart = t.slice(4, 34)
      expect(t.slice(34)).toBe(toBase62(crc32(randomPart), 6))
      expect(checkTokenShape(t)).toBe('ok')
    }
  })

  it('computes the standard CRC32', () => {
    // The well-known check value of CRC-32/ISO-HDLC.
    expect(crc32('123456789')).toBe(0xcbf43926)
    expect(toBase62(0, 6)).toBe('000000')
    expect(toBase62(0xffffffff, 6)).toBe('4gfFC3')
  })

  it('detects any single changed character through the checksum', () => {
    const t = formatToken(random)
    for (let i = 4; i < t.length; i++) {
      for (const c of ['0', 'Z', 'z', 'q']) {
        if (t[i] === c) continue
        const changed = t.slice(0, i) + c + t.slice(i + 1)
        expect(checkTokenShape(changed), `position ${i} → ${c}`).toBe('bad_checksum')
      }
    }
    // Two swapped neighbours are caught as well.
    const swapped = t.slice(0, 10) + t[11] + t[10] + t.slice(12)
    if (swapped !== t) expect(checkTokenShape(swapped)).toBe('bad_checksum')
  })

  it('tells a malformed token from a mistyped one', () => {
    const t = formatToken(random)
    expect(checkTokenShape('')).toBe('malformed')
    expect(checkTokenShape(t.slice(0, -1))).toBe('malformed')
    expect(checkTokenShape(t + 'a')).toBe('malformed')
    expect(checkTokenShape('tsb_' + t.slice(4))).toBe('malformed')
    expect(checkTokenShape('TSA_' + t.slice(4))).toBe('malformed')
    expect(checkTokenShape(t.slice(0, 20) + '.' + t.slice(21))).toBe('malformed')
    expect(checkTokenShape(t.slice(0, 20) + 'é' + t.slice(21))).toBe('malformed')
    expect(checkTokenShape(' ' + t.slice(0, -1))).toBe('malformed')
    expect(checkTokenShape('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc')).toBe('malformed')
  })

  it('shows tokens as tsa_…wxyz (prefix and last four)', () => {
    const t = formatToken(random)
    expect(displayToken(t)).toBe(`tsa_…${t.slice(-4)}`)
    expect(displayToken(t)).not.toContain(t.slice(4, 34))
  })

  it('is found by the leak-scanning pattern inside text', () => {
    const t = formatToken(random)
    expect(`curl -H "Authorization: Token ${t}" x`.match(TOKEN_PATTERN)).toEqual([t])
  })

  it('draws every random character uniformly from base62', () => {
    // 3,000 tokens × 30 characters = 90,000 draws, about 1,452 per symbol. With a fixed seed the
    // outcome is deterministic; the bounds are loose enough for any sane generator (chi-square
    // for 61 degrees of freedom: p = 0.001 at about 100) yet catch a modulo bias (bytes taken
    // mod 62 without rejection over-weight the first 8 symbols by ~25 %).
    const counts = new Map<string, number>()
    const n = 3000
    for (let i = 0; i < n; i++) {
      for (const ch of formatToken(random).slice(4, 34)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
    }
    expect([...counts.keys()].sort().join('')).toBe([...BASE62].sort().join(''))
    const expected = (n * 30) / 62
    let chi2 = 0
    for (const c of counts.values()) chi2 += (c - expected) ** 2 / expected
    expect(chi2).toBeLessThan(100)
    for (const c of counts.values()) expect(Math.abs(c - expected) / expected).toBeLessThan(0.12)
  })

  it('never repeats (≥ 178 random bits)', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 5000; i++) seen.add(formatToken(random))
    expect(seen.size).toBe(5000)
    expect(30 * Math.log2(62)).toBeGreaterThanOrEqual(178)
  })

  it('discards bytes ≥ 248 rather than bending the distribution', () => {
    // A source that yields only 255s and then good bytes: the 255s must not become characters.
    let calls = 0
    const source = (k: number) => {
      calls++
      return new Uint8Array(k).fill(calls === 1 ? 255 : 61)
    }
    const t = formatToken(source)
    expect(t.slice(4, 34)).toBe('z'.repeat(30))
    expect(calls).toBe(2)
  })
})
