/**
 * Every screen of the admin app and its address. The app uses hash addresses (`#/members`), so
 * the same links work over file:// in the desktop app and over HTTP in serve mode.
 */
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

/** The path of each screen (the part after `#`); Organization is the start page. */
export const PAGE_PATHS: Record<Page, string> = {
  organization: '/',
  members: '/members',
  serviceAccounts: '/service-accounts',
  workspaces: '/workspaces',
  activity: '/activity',
  performance: '/performance',
  settings: '/settings',
}

export interface PageParams {
  /** Activity Log and Performance open filtered to this member; Service Accounts highlights it. */
  userId?: number
}

/** The screen a path names, or null for an unknown address. */
export function pageOf(pathname: string): Page | null {
  const path = pathname.replace(/\/+$/, '') || '/'
  return PAGES.find((p) => PAGE_PATHS[p] === path) ?? null
}

/** The path and query of a screen opened with `params` (what `navigate` takes). */
export function pathFor(page: Page, params: PageParams = {}): string {
  const query = new URLSearchParams()
  if (params.userId !== undefined) {
    query.set(
      page === 'performance' ? 'members' : page === 'activity' ? 'user' : 'account',
      String(params.userId),
    )
  }
  const q = query.toString()
  return q ? `${PAGE_PATHS[page]}?${q}` : PAGE_PATHS[page]
}

/** A link to a screen, for an `href` (hash form). */
export const hrefFor = (page: Page, params?: PageParams): string => `#${pathFor(page, params)}`

/** The window title for a screen: the screen first, so tabs and history entries tell apart. */
export function titleFor(page: Page | null): string {
  return page ? `${PAGE_LABELS[page]} — Tessera` : 'Page not found — Tessera'
}
