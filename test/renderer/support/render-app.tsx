/// <reference types="node" />
import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { AdminShell } from '../../../src/renderer/src/App'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { initialAuthState, useAuthStore } from '../../../src/renderer/src/features/auth/auth.store'
import { useMembersStore } from '../../../src/renderer/src/features/members/members.store'
import {
  hrefFor,
  type Page,
  type PageParams,
} from '../../../src/renderer/src/features/navigation/screens'
import { useOrganizationStore } from '../../../src/renderer/src/features/organization/organization.store'
import { useServiceAccountsStore } from '../../../src/renderer/src/features/service-accounts/service-accounts.store'
import { useTeamStore } from '../../../src/renderer/src/features/team/team.store'
import { useStreamsStore } from '../../../src/renderer/src/features/streams/streams.store'
import { useWorkspacesStore } from '../../../src/renderer/src/features/workspaces/workspaces.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import type { LogKeys } from '../../../src/main/engine/activity/log-keys'
import { engineTransport } from './engine-transport'

/** Every feature store of the admin screens, for resets and for "no token anywhere" checks. */
export const stores = {
  organization: useOrganizationStore,
  members: useMembersStore,
  serviceAccounts: useServiceAccountsStore,
  workspaces: useWorkspacesStore,
  team: useTeamStore,
  streams: useStreamsStore,
}

export function resetStores(): void {
  Object.values(stores).forEach((s) => s.getState().reset())
}

/** JSON of every store's state: what a leak of a secret would show up in. */
export function serializeStores(): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(stores).map(([k, s]) => [k, s.getState()])),
  )
}

/**
 * Renders the admin shell on `page`, wired to the real dispatcher over a fresh in-memory
 * engine (acting as the Owner). Returns the engine handle and a user-event instance.
 */
export async function renderApp(
  page: Page = 'organization',
  options: {
    params?: PageParams
    seed?: (t: TestEngine) => Promise<unknown>
    /** The engine's activity log keys (keyed chain, signed checkpoints). */
    logKeys?: LogKeys
  } = {},
) {
  const e = engineTransport({ logKeys: options.logKeys })
  await options.seed?.(e.t)
  setTransport(e.transport)
  resetStores()
  // The transport acts as the Owner, as the operator of the desktop app does.
  useAuthStore.setState({ ...initialAuthState, status: 'desktop' })
  // The shell opens on the screen the address names, as after a reload or a shared link.
  window.history.replaceState(null, '', hrefFor(page, options.params ?? {}))
  // No pause between keystrokes: the flows are long and CI machines are small.
  const user = userEvent.setup({ delay: null })
  const view = render(
    <AppProviders env="test">
      <AdminShell />
    </AppProviders>,
  )
  return { ...e, user, view }
}
