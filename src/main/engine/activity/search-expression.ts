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
