import type { performanceContracts } from '../../../shared/contracts/performance.contract'
import type { DomainHandlers } from '../handler-types'

// Owned by the performance work (issue 6).
export const performanceHandlers: DomainHandlers<typeof performanceContracts> = {}
