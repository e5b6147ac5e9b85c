import type { activityContracts } from '../../../shared/contracts/activity.contract'
import type { DomainHandlers } from '../handler-types'

// Owned by the activity-log work (issue 5).
export const activityHandlers: DomainHandlers<typeof activityContracts> = {}
