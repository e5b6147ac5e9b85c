// Owned by the performance work (issue 6): member-performance report contracts.
export const performanceContracts = {} as const
