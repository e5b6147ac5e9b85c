/**
 * The keyword search over the URL. Words are matched as case-insensitive substrings of the
 * URL; `AND` and `OR` (upper case) combine them, `AND` binding tighter than `OR`, and two words
 * side by side mean `AND`. So `projects AND import OR whoami` is
 * `(projects AND import) OR whoami`. Double quotes make one term of several words or of the
 * words AND/OR themselves. Dangling operators are ignored.
 */
export type SearchExpression = string[][]

export const MAX_SEARCH_TERMS = 16

function tokenize(input: string): { text: string; quoted: boolean }[] {
  const tokens: { text: string; quoted: boolean }[] = []
  const re = /"([^"]*)"?|(\S+)/g
  for (let m = re.exec(input); m; m = re.exec(input)) {
    if (m[1] !== undefined) tokens.push({ text: m[1], quoted: true })
    else tokens.push({ text: m[2]!, quoted: false })
  }
  return tokens
}

/** Parses a search text into OR-groups of AND-ed terms; empty when there is nothing to find. */
export function parseSearch(input: string | undefined): SearchExpression {
  if (!input) return []
  const groups: string[][] = [[]]
  let terms = 0
  for (const token of tokenize(input)) {
    if (!token.quoted && token.text === 'OR') {
      if (groups[groups.length - 1]!.length) groups.push([])
      continue
    }
    if (!token.quoted && token.text === 'AND') continue
    if (!token.text || terms >= MAX_SEARCH_TERMS) continue
    groups[groups.length - 1]!.push(token.text)
    terms++
  }
  return groups.filter((g) => g.length > 0)
}

/** A LIKE pattern matching `term` anywhere, with LIKE's wildcards escaped (ESCAPE '\'). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** The trigram index finds substrings of at least this many characters. */
export const MIN_INDEXED_TERM = 3

/** A word's distinct trigrams, as the tokenizer cuts them (code points); none under 3 or with NUL. */
export function trigramsOf(term: string): string[] {
  const chars = [...term]
  if (chars.length < MIN_INDEXED_TERM || term.includes('\0')) return []
  const out = new Set<string>()
  for (let i = 0; i + MIN_INDEXED_TERM <= chars.length; i++)
    out.add(chars.slice(i, i + MIN_INDEXED_TERM).join(''))
  return [...out]
}

/**
 * Chooses which trigrams of an OR-group's words the index query ANDs (each word's list given,
 * empty for words under three characters); empty when the group should not use the index.
 */
export type TrigramPick = (words: string[][]) => string[]

/**
 * The trigram index query that finds a superset of the entries `groups` matches with LIKE: each
 * group becomes the AND of some of its words' trigrams (by default all; the index stores no
 * positions, and the LIKE re-check does the rest), groups are OR-ed. Null when `pick` leaves
 * some OR-group without a trigram (say, only words of one or two characters): such a group
 * matches too much for the index to help, so the whole search goes to LIKE.
 */
export function ftsQuery(
  groups: SearchExpression,
  pick: TrigramPick = (words) => [...new Set(words.flat())],
): string | null {
  if (!groups.length) return null
  const ors: string[] = []
  // Fewest words first: a group that rules the index out usually shows it soonest and cheapest.
  for (const group of [...groups].sort((a, b) => a.length - b.length)) {
    const trigrams = pick(group.map(trigramsOf))
    if (!trigrams.length) return null
    ors.push(`(${trigrams.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ')})`)
  }
  return ors.join(' OR ')
}
