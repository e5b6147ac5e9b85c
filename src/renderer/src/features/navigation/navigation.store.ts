import { create } from 'zustand'

export const PAGES = [
  'organization',
  'members',
  'serviceAccounts',
  'workspaces',
  'activity',
  'performance',
  'settings',
] as const
export type Page = (typeof PAGES)[number]

export const PAGE_LABELS: Record<Page, string> = {
  organization: 'Organization',
  members: 'Members',
  serviceAccounts: 'Service Accounts',
  workspaces: 'Workspaces & Projects',
  activity: 'Activity Log',
  performance: 'Performance',
  settings: 'Settings',
}

export interface PageParams {
  /** Activity Log and Performance open filtered to this member. */
  userId?: number
}

export interface NavigationState {
  page: Page
  params: PageParams
}

export const initialNavigationState: NavigationState = { page: 'organization', params: {} }

interface NavigationActions {
  navigate(page: Page, params?: PageParams): void
  reset(): void
}

export const useNavigationStore = create<NavigationState & NavigationActions>()((set) => ({
  ...initialNavigationState,
  navigate: (page, params = {}) => set({ page, params }),
  reset: () => set(initialNavigationState),
}))

export const selectPage = (s: NavigationState) => s.page
export const selectParams = (s: NavigationState) => s.params
