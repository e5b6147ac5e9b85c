/** Organization role codes, as Label Studio spells them. */
export const ROLES = ['OW', 'AD', 'MA', 'RE', 'AN', 'NO', 'DI'] as const
export type Role = (typeof ROLES)[number]

/** Roles a service account may hold: never Owner, never Not Activated. */
export const SERVICE_ACCOUNT_ROLES = ['AD', 'MA', 'RE', 'AN', 'DI'] as const
export type ServiceAccountRole = (typeof SERVICE_ACCOUNT_ROLES)[number]

/** Roles whose holders must be assigned at least one workspace or project. */
export const ASSIGNED_ROLES: readonly Role[] = ['MA', 'RE', 'AN']

/** Roles a person can be given by an administrator (Owner is transferred, not granted). */
export const PERSON_ROLES = ['AD', 'MA', 'RE', 'AN', 'NO', 'DI'] as const

export const ROLE_LABELS: Record<Role, string> = {
  OW: 'Owner',
  AD: 'Administrator',
  MA: 'Manager',
  RE: 'Reviewer',
  AN: 'Annotator',
  NO: 'Not Activated',
  DI: 'Deactivated',
}

/** One line per role, shown next to the role picker. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OW: 'Owns the organization; full control including billing and ownership transfer.',
  AD: 'Full access to every workspace and project in the organization; no assignments needed.',
  MA: 'Creates and manages projects, imports and exports data in its workspaces and projects.',
  RE: 'Reads its assigned projects, annotates, and accepts or rejects annotations there.',
  AN: 'Reads its assigned projects and creates or updates its own annotations there.',
  NO: 'Invited but not yet active; no access.',
  DI: 'Kept for the record; every request is refused until reactivated.',
}

export function isAdminRole(role: Role): boolean {
  return role === 'OW' || role === 'AD'
}
