import { stringify } from 'csv-stringify/sync'
import { ROLE_LABELS } from '../../../shared/roles'
import type { ServiceAccountsService } from '../service-accounts.service'
import { csvCell } from '../csv-cell'
import { DAY_MS, type EngineDeps } from '../deps'

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString())

export const CREDENTIAL_REPORT_COLUMNS = [
  'name',
  'user_id',
  'role',
  'status',
  'workspaces',
  'projects',
  'token',
  'token_created_at',
  'token_age_days',
  'token_expires_at',
  'last_used_at',
  'last_used_ip',
  'last_used_user_agent',
  'created_by',
  'created_at',
  'deleted_at',
] as const

/** An audit CSV of every service account (deleted ones inside the undelete window included). */
export function credentialReportService(deps: EngineDeps, accounts: ServiceAccountsService) {
  function rows(orgId: number): string[][] {
    const now = deps.now()
    return accounts
      .list(orgId, true)
      .map((a) =>
        [
          a.name,
          String(a.userId),
          ROLE_LABELS[a.role],
          a.status,
          a.workspaces.map((w) => w.title).join('; '),
          a.projects.map((p) => p.title).join('; '),
          a.token?.display ?? '',
          iso(a.token?.createdAt ?? null),
          a.token ? String(Math.floor((now - a.token.createdAt) / DAY_MS)) : '',
          iso(a.token?.expiresAt ?? null),
          iso(a.token?.lastUsedAt ?? null),
          a.token?.lastUsedIp ?? '',
          a.token?.lastUsedUserAgent ?? '',
          a.createdBy.email,
          iso(a.createdAt),
          iso(a.deletedAt),
        ].map(csvCell),
      )
  }

  return {
    rows,
    csv: (orgId: number): string =>
      stringify([[...CREDENTIAL_REPORT_COLUMNS], ...rows(orgId)], { eof: true }),
  }
}
export type CredentialReportService = ReturnType<typeof credentialReportService>
