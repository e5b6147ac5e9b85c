import { CONFUSABLES } from './confusables.data'

let table: Map<number, string> | null = null

/** Built on first use: most processes never compare names. */
function prototypes(): Map<number, string> {
  if (table) return table
  table = new Map()
  for (const line of CONFUSABLES) {
    for (const entry of line.split(' ')) {
      const [from, to] = entry.split(':') as [string, string]
      table.set(
        parseInt(from, 16),
        String.fromCodePoint(...to.split(',').map((cp) => parseInt(cp, 16))),
      )
    }
  }
  return table
}

/** Characters nobody sees: default-ignorable code points (U+034F, ZWJ, variation selectors…). */
export const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u
const INVISIBLE_ALL = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu

/**
 * The TR39 skeleton of a string (UTS #39 §4): NFD, default-ignorable code points removed, each
 * character replaced by its prototype from Unicode's confusables data, NFD again. Two strings
 * with the same skeleton can be mistaken for each other ("lаbeling" with a Cyrillic а, "labeling").
 */
export function skeleton(text: string): string {
  const map = prototypes()
  let out = ''
  for (const ch of text.normalize('NFD').replace(INVISIBLE_ALL, '')) {
    out += map.get(ch.codePointAt(0)!) ?? ch
  }
  return out.normalize('NFD')
}

/**
 * Whether two names can be mistaken for each other: the same skeleton as typed, or once case is
 * folded (so "LABELING-bot" with a Cyrillic А is caught as well as "labeling-bot"; the first
 * comparison keeps what case folding would separate, such as "I" and "l").
 */
export function confusable(a: string, b: string, fold: (s: string) => string): boolean {
  return skeleton(a) === skeleton(b) || skeleton(fold(a)) === skeleton(fold(b))
}

/**
 * What tells a look-alike name from the one it imitates, since the eye cannot: ` (yours has
 * U+0430)`, or '' when it only rearranges the same characters.
 */
export function telltale(name: string, other: string): string {
  const theirs = new Set(other.normalize('NFD'))
  const odd = [...new Set(name.normalize('NFD'))].filter((c) => !theirs.has(c))
  const hex = (c: string) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
  return odd.length
    ? ` (yours has ${odd
        .slice(0, 4)
        .map((c) => `U+${hex(c)}`)
        .join(', ')})`
    : ''
}
