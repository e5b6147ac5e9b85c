import { later, type Db } from '../open'
import type { MembershipRow } from './memberships.repo'
import type { UserRow } from './users.repo'

export interface ApiTokenRow {
  id: number
  user_id: number
  organization_id: number
  kind: 'api_key' | 'pat'
  hash: Buffer
  display: string
  created_at: number
  expires_at: number | null
  revoked_at: number | null
  revoked_reason: string | null
  last_used_at: number | null
  last_used_ip: string | null
  last_used_user_agent: string | null
  /** A token replaced by a reset stays valid until then (null: revoked at once). */
  grace_until: number | null
}

export type ApiTokenInsert = Pick<
  ApiTokenRow,
  'user_id' | 'organization_id' | 'kind' | 'hash' | 'display' | 'created_at' | 'expires_at'
>

/** A token with everything verification decides on, read in one statement (see `credential`). */
export interface CredentialRow {
  id: number
  user_id: number
  organization_id: number
  kind: ApiTokenRow['kind']
  hash: Buffer
  display: string
  created_at: number
  expires_at: number | null
  revoked_at: number | null
  grace_until: number | null
  org_found: number | null
  token_max_lifetime_days: number | null
  api_keys_enabled: number | null
  pats_enabled: number | null
  role: MembershipRow['role'] | null
  member_deleted_at: number | null
  user_kind: UserRow['kind'] | null
  email: string | null
  account_deleted_at: number | null
  /** The account's network allowlist (JSON array), null when any source is accepted. */
  allowed_networks: string | null
}

export function apiTokensRepo(db: Db) {
  // Every request verifies a token: one indexed statement instead of five point lookups.
  const credential = later(() =>
    db.prepare<[Buffer], CredentialRow>(
      `SELECT t.id, t.user_id, t.organization_id, t.kind, t.hash, t.display, t.created_at,
       t.expires_at, t.revoked_at, t.grace_until, o.id AS org_found, o.token_max_lifetime_days, o.api_keys_enabled,
       o.pats_enabled, m.role, m.deleted_at AS member_deleted_at, u.kind AS user_kind, u.email,
       sa.deleted_at AS account_deleted_at, sa.allowed_networks
     FROM api_tokens t
     LEFT JOIN organizations o ON o.id = t.organization_id
     LEFT JOIN memberships m ON m.organization_id = t.organization_id AND m.user_id = t.user_id
     LEFT JOIN users u ON u.id = t.user_id
     LEFT JOIN service_accounts sa ON sa.user_id = t.user_id
     WHERE t.hash = ?`,
    ),
  )
  const byHash = db.prepare<[Buffer], ApiTokenRow>('SELECT * FROM api_tokens WHERE hash = ?')
  const byId = db.prepare<[number], ApiTokenRow>('SELECT * FROM api_tokens WHERE id = ?')
  const live = db.prepare<[number], ApiTokenRow>(
    'SELECT * FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC',
  )
  const latest = db.prepare<[number], ApiTokenRow>(
    'SELECT * FROM api_tokens WHERE user_id = ? ORDER BY id DESC LIMIT 1',
  )
  const lastUse = db.prepare<[number], { at: number; ip: string | null }>(
    `SELECT last_used_at AS at, last_used_ip AS ip FROM api_tokens
     WHERE user_id = ? AND last_used_at IS NOT NULL ORDER BY last_used_at DESC, id DESC LIMIT 1`,
  )
  const insert = db.prepare<ApiTokenInsert>(
    `INSERT INTO api_tokens (user_id, organization_id, kind, hash, display, created_at, expires_at)
     VALUES (@user_id, @organization_id, @kind, @hash, @display, @created_at, @expires_at)`,
  )
  const revokeAll = db.prepare<[number, string, number]>(
    'UPDATE api_tokens SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL',
  )
  const inGrace = later(() =>
    db.prepare<[number, number], ApiTokenRow>(
      `SELECT * FROM api_tokens WHERE user_id = ? AND grace_until > ? AND revoked_at IS NOT NULL
       ORDER BY id DESC`,
    ),
  )
  const setGrace = later(() =>
    db.prepare<[number, number]>('UPDATE api_tokens SET grace_until = ? WHERE id = ?'),
  )
  const endGrace = later(() =>
    db.prepare<[number, number, number]>(
      'UPDATE api_tokens SET grace_until = ? WHERE user_id = ? AND grace_until > ?',
    ),
  )
  const touch = db.prepare<[number, string | null, string | null, number]>(
    'UPDATE api_tokens SET last_used_at = ?, last_used_ip = ?, last_used_user_agent = ? WHERE id = ?',
  )
  return {
    byHash: (hash: Buffer) => byHash.get(hash),
    credential: (hash: Buffer) => credential().get(hash),
    get: (id: number) => byId.get(id),
    live: (userId: number) => live.all(userId),
    latest: (userId: number) => latest.get(userId),
    /** The most recent use of any of the user's tokens, revoked ones included. */
    lastUse: (userId: number) => lastUse.get(userId),
    insert: (row: ApiTokenInsert) => Number(insert.run(row).lastInsertRowid),
    revokeAllFor: (userId: number, at: number, reason: string) =>
      revokeAll.run(at, reason, userId).changes,
    /** Replaced tokens of the user still inside their grace period at `now`, newest first. */
    inGrace: (userId: number, now: number) => inGrace().all(userId, now),
    setGrace: (id: number, until: number) => void setGrace().run(until, id),
    /** Ends every grace period of the user still running at `at`; how many there were. */
    endGrace: (userId: number, at: number) => endGrace().run(at, userId, at).changes,
    touch: (id: number, at: number, ip: string | null, userAgent: string | null) =>
      void touch.run(at, ip, userAgent, id),
  }
}
export type ApiTokensRepo = ReturnType<typeof apiTokensRepo>
