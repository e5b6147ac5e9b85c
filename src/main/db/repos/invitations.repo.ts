import type { Db } from '../open'

export interface InvitationRow {
  id: number
  organization_id: number
  user_id: number
  token_hash: Buffer
  created_by: number
  created_at: number
  expires_at: number
  accepted_at: number | null
  revoked_at: number | null
}

export type InvitationInsert = Omit<InvitationRow, 'id' | 'accepted_at' | 'revoked_at'>

/** One-time invitations to sign in (a person sets their password with the link). */
export function invitationsRepo(db: Db) {
  const insert = db.prepare<InvitationInsert>(
    `INSERT INTO admin_invitations (organization_id, user_id, token_hash, created_by, created_at,
       expires_at)
     VALUES (@organization_id, @user_id, @token_hash, @created_by, @created_at, @expires_at)`,
  )
  const byHash = db.prepare<[Buffer], InvitationRow>(
    'SELECT * FROM admin_invitations WHERE token_hash = ?',
  )
  // The newest invitation that is neither used nor revoked (it may have expired).
  const open = db.prepare<[number], InvitationRow>(
    `SELECT * FROM admin_invitations
      WHERE user_id = ? AND accepted_at IS NULL AND revoked_at IS NULL
      ORDER BY id DESC LIMIT 1`,
  )
  const openOfOrg = db.prepare<[number], InvitationRow>(
    `SELECT * FROM admin_invitations
      WHERE organization_id = ? AND accepted_at IS NULL AND revoked_at IS NULL
      ORDER BY id`,
  )
  const revokeOpen = db.prepare<[number, number]>(
    `UPDATE admin_invitations SET revoked_at = ?
      WHERE user_id = ? AND accepted_at IS NULL AND revoked_at IS NULL`,
  )
  const accept = db.prepare<[number, number]>(
    `UPDATE admin_invitations SET accepted_at = ?
      WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL`,
  )
  return {
    insert: (row: InvitationInsert) => Number(insert.run(row).lastInsertRowid),
    byHash: (hash: Buffer) => byHash.get(hash),
    open: (userId: number) => open.get(userId),
    openOfOrg: (orgId: number) => openOfOrg.all(orgId),
    /** Revokes every open invitation of the person; the count revoked. */
    revokeOpen: (userId: number, now: number) => revokeOpen.run(now, userId).changes,
    /** Marks the invitation used; 0 when it was already used or revoked meanwhile. */
    accept: (id: number, now: number) => accept.run(now, id).changes,
  }
}
export type InvitationsRepo = ReturnType<typeof invitationsRepo>
