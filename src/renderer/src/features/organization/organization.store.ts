import { create } from 'zustand'
import type {
  OrganizationOverview,
  SettingsPatch,
} from '../../../../shared/contracts/organization.contract'
import type { QuotaRequest } from '../../../../shared/contracts/quota.contract'
import { call } from '../../lib/ipc'

export interface OrganizationState {
  overview: OrganizationOverview | null
  quotaRequests: QuotaRequest[]
  loading: boolean
  /** Why the last load failed, shown as an error view with Retry. */
  loadError: string | null
}

export const initialOrganizationState: OrganizationState = {
  overview: null,
  quotaRequests: [],
  loading: false,
  loadError: null,
}

interface OrganizationActions {
  load(): Promise<void>
  updateSettings(patch: SettingsPatch): Promise<OrganizationOverview>
  requestQuota(count: number, reason: string): Promise<QuotaRequest>
  decideQuota(id: number, decision: 'approve' | 'decline'): Promise<QuotaRequest>
  /** Owner only: raises the quota at once (recorded), without a request to approve. */
  raiseQuota(count: number, reason: string): Promise<void>
  reset(): void
}

export const useOrganizationStore = create<OrganizationState & OrganizationActions>()(
  (set, get) => ({
    ...initialOrganizationState,
    load: async () => {
      set({ loading: true })
      try {
        const [overview, quotaRequests] = await Promise.all([call('org:get'), call('quota:list')])
        set({ overview, quotaRequests, loading: false, loadError: null })
      } catch (error) {
        set({ loading: false, loadError: error instanceof Error ? error.message : String(error) })
      }
    },
    updateSettings: async (patch) => {
      const overview = await call('org:updateSettings', patch)
      set({ overview })
      return overview
    },
    requestQuota: async (count, reason) => {
      const request = await call('quota:request', { count, reason })
      await get().load()
      return request
    },
    decideQuota: async (id, decision) => {
      const request = await call(decision === 'approve' ? 'quota:approve' : 'quota:decline', { id })
      await get().load()
      return request
    },
    raiseQuota: async (count, reason) => {
      await call('quota:raise', { count, ...(reason.trim() ? { reason } : {}) })
      await get().load()
    },
    reset: () => set(initialOrganizationState),
  }),
)

export const selectOverview = (s: OrganizationState) => s.overview
export const selectQuotaRequests = (s: OrganizationState) => s.quotaRequests
export const selectPendingQuotaRequests = (s: OrganizationState) =>
  s.quotaRequests.filter((r) => r.status === 'pending')
/** True when creating one more service account would exceed the quota. */
export const selectQuotaFull = (s: OrganizationState) =>
  s.overview !== null && s.overview.serviceAccountsUsed >= s.overview.serviceAccountQuota
