import type { Db } from '../open'

export interface QuotaRequestRow {
  id: number
  organization_id: number
  count: number
  reason: string
  requested_by: number
  requested_at: number
  status: 'pending' | 'approved' | 'declined'
  decided_by: number | null
  decided_at: number | null
  decision_note: string | null
}

export function quotaRequestsRepo(db: Db) {
  const get = db.prepare<[number], QuotaRequestRow>('SELECT * FROM quota_requests WHERE id = ?')
  const list = db.prepare<[number], QuotaRequestRow>(
    'SELECT * FROM quota_requests WHERE organization_id = ? ORDER BY id DESC',
  )
  const pending = db.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM quota_requests WHERE organization_id = ? AND status = 'pending'",
  )
  const insert = db.prepare<
    Pick<QuotaRequestRow, 'organization_id' | 'count' | 'reason' | 'requested_by' | 'requested_at'>
  >(
    `INSERT INTO quota_requests (organization_id, count, reason, requested_by, requested_at)
     VALUES (@organization_id, @count, @reason, @requested_by, @requested_at)`,
  )
  const decide = db.prepare<
    Pick<QuotaRequestRow, 'id' | 'status' | 'decided_by' | 'decided_at' | 'decision_note'>
  >(
    `UPDATE quota_requests SET status = @status, decided_by = @decided_by, decided_at = @decided_at,
       decision_note = @decision_note WHERE id = @id AND status = 'pending'`,
  )
  return {
    get: (id: number) => get.get(id),
    list: (orgId: number) => list.all(orgId),
    pendingCount: (orgId: number) => pending.get(orgId)!.n,
    insert: (
      row: Pick<
        QuotaRequestRow,
        'organization_id' | 'count' | 'reason' | 'requested_by' | 'requested_at'
      >,
    ) => Number(insert.run(row).lastInsertRowid),
    decide: (
      row: Pick<QuotaRequestRow, 'id' | 'status' | 'decided_by' | 'decided_at' | 'decision_note'>,
    ) => decide.run(row).changes > 0,
  }
}
export type QuotaRequestsRepo = ReturnType<typeof quotaRequestsRepo>
