import { useMembersStore } from './features/members/members.store'
import { watchActivityBudget } from './features/organization/budget-notice'
import { useOrganizationStore } from './features/organization/organization.store'
import { useServiceAccountsStore } from './features/service-accounts/service-accounts.store'
import { useWorkspacesStore } from './features/workspaces/workspaces.store'
import { onEvent } from './lib/ipc'

/** API traffic can come in bursts; re-read at most this often because of it. */
export const ACTIVITY_REFRESH_MS = 2000

/** Runs `fn` at most once per `ms`, trailing (the last call within the window wins). */
function throttle(fn: () => void, ms: number): { call: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  return {
    call: () => {
      timer ??= setTimeout(() => {
        timer = null
        fn()
      }, ms)
    },
    cancel: () => {
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}

/**
 * Re-reads what the admin screens show when the engine says something changed elsewhere (the
 * REST API, the CLI, another window). Call once at startup; returns the unbind function.
 */
export function bindEngineEvents(): () => void {
  const offChanged = onEvent('data:changed', ({ domain }) => {
    const all = domain === '*' || domain === ''
    const reload = (match: string[], load: () => Promise<void>) => {
      if (all || match.some((d) => domain.startsWith(d))) void load()
    }
    reload(['org', 'quota', 'settings', 'service'], useOrganizationStore.getState().load)
    reload(['member', 'service'], useMembersStore.getState().load)
    reload(['service'], useServiceAccountsStore.getState().load)
    reload(['workspace', 'project'], useWorkspacesStore.getState().load)
  })
  // Every API request lands in the activity log: refresh "last used" and what the API may have
  // created (projects, self-rotated tokens) without hammering the engine.
  const activity = throttle(() => {
    void useServiceAccountsStore.getState().load()
    void useWorkspacesStore.getState().load()
  }, ACTIVITY_REFRESH_MS)
  const offActivity = onEvent('activity:appended', activity.call)
  // The log nearing or at its size budget is news wherever the operator is.
  const offBudget = watchActivityBudget()
  return () => {
    offChanged()
    offActivity()
    offBudget()
    activity.cancel()
  }
}
