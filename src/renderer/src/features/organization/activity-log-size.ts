import type { ActivityLogSize } from '../../../../shared/contracts/organization.contract'

const MB = 1024 * 1024

/** "812.4 MB", "1.2 GB", "96 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(1)} GB`
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`
  return `${Math.max(0, Math.round(bytes / 1024))} KB`
}

/** "96 KB of 10.0 GB (0 %)". */
export function sizeText(s: ActivityLogSize): string {
  const share = s.budgetBytes > 0 ? Math.floor((s.sizeBytes / s.budgetBytes) * 100) : 0
  return `${formatBytes(s.sizeBytes)} of ${formatBytes(s.budgetBytes)} (${share} %)`
}

/** The warning for a log near or at its budget; null while there is room. */
export function budgetWarning(s: ActivityLogSize): { title: string; message: string } | null {
  if (s.state === 'full') {
    return {
      title: 'Activity log full: the API is refusing requests',
      message:
        `The activity log has reached its size budget (${sizeText(s)}). Every answered request ` +
        'must be recorded, so the local API answers 503 until the Owner raises the budget or ' +
        'shortens retention in Settings. Nothing has been deleted.',
    }
  }
  if (s.state === 'warn') {
    return {
      title: 'Activity log nearly full',
      message:
        `The activity log uses ${sizeText(s)} of its size budget. At 100 % the local API stops ` +
        'answering requests; raise the budget or shorten retention in Settings.',
    }
  }
  return null
}
