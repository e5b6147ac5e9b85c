import { TOKEN_PATTERN, checkTokenShape, displayToken } from '../../../shared/token-format'
import type { Repos } from '../../db/repos'
import type { TokensService } from '../tokens.service'

export type LeakStatus = 'live' | 'revoked' | 'not_ours' | 'bad_checksum'

export interface LeakFinding {
  /** Display form only: the scanner never hands the plaintext back. */
  display: string
  status: LeakStatus
  /** 1-based line of the first occurrence in the scanned text. */
  line: number
  occurrences: number
  account: { userId: number; name: string; deleted: boolean } | null
  tokenId: number | null
}

/**
 * Finds `tsa_` tokens in pasted text or files and says whose they are. A token whose checksum
 * does not match is reported as such (most likely a typo or a look-alike), never looked up.
 */
export function leakCheckService(repos: Repos, tokens: TokensService) {
  function scan(orgId: number, text: string): LeakFinding[] {
    const found = new Map<string, LeakFinding>()
    const lineStarts = [0]
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1)
    const lineOf = (index: number) => {
      let lo = 0
      let hi = lineStarts.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (lineStarts[mid]! <= index) lo = mid
        else hi = mid - 1
      }
      return lo + 1
    }
    for (const match of text.matchAll(TOKEN_PATTERN)) {
      const token = match[0]
      const seen = found.get(token)
      if (seen) {
        seen.occurrences++
        continue
      }
      found.set(token, classify(orgId, token, lineOf(match.index ?? 0)))
    }
    return [...found.values()]
  }

  function classify(orgId: number, token: string, line: number): LeakFinding {
    const base = { display: displayToken(token), line, occurrences: 1 }
    if (checkTokenShape(token) !== 'ok') {
      return { ...base, status: 'bad_checksum', account: null, tokenId: null }
    }
    const row = tokens.lookup(token)
    if (!row || row.organization_id !== orgId) {
      return { ...base, status: 'not_ours', account: null, tokenId: null }
    }
    const account = repos.serviceAccounts.get(row.user_id)
    const user = repos.users.get(row.user_id)
    return {
      ...base,
      // A token replaced with a grace period still works: a leak of it is a live one.
      status: tokens.stillAccepted(row) ? 'live' : 'revoked',
      tokenId: row.id,
      account: {
        userId: row.user_id,
        name: account?.name ?? user?.email ?? `user ${row.user_id}`,
        deleted: account?.deleted_at != null,
      },
    }
  }

  return { scan }
}
export type LeakCheckService = ReturnType<typeof leakCheckService>
