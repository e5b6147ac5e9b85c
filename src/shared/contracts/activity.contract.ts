// Owned by the activity-log work (issue 5): query, verify, export, retention contracts.
export const activityContracts = {} as const
