import { create } from 'zustand'
import type {
  CreateServiceAccount,
  IssuedToken,
  ServiceAccount,
} from '../../../../shared/contracts/service-accounts.contract'
import type { RotationGrace } from '../../../../shared/rotation'
import type { ServiceAccountRole } from '../../../../shared/roles'
import { RpcError, call } from '../../lib/ipc'

export interface Assignments {
  workspaceIds: number[]
  projectIds: number[]
}

/** Why a one-time token is on screen. */
export type TokenReason = 'created' | 'reset' | 'undeleted'

/** The plaintext token, held only while the one-time dialog is open. */
export interface OneTimeToken {
  token: string
  accountName: string
  reason: TokenReason
}

export type ServiceAccountDialog =
  | { kind: 'create' }
  | { kind: 'requestQuota' }
  | { kind: 'changeRole'; userId: number }
  | { kind: 'assignments'; userId: number }
  | { kind: 'resetToken'; userId: number }
  | { kind: 'networks'; userId: number }
  | { kind: 'explain'; userId: number }
  | { kind: 'delete'; userId: number }
  | { kind: 'undelete'; userId: number }
  | null

export interface ServiceAccountsState {
  accounts: ServiceAccount[]
  showDeleted: boolean
  loading: boolean
  loadError: string | null
  dialog: ServiceAccountDialog
  oneTimeToken: OneTimeToken | null
}

export const initialServiceAccountsState: ServiceAccountsState = {
  accounts: [],
  showDeleted: false,
  loading: false,
  loadError: null,
  dialog: null,
  oneTimeToken: null,
}

interface ServiceAccountsActions {
  load(): Promise<void>
  setShowDeleted(show: boolean): Promise<void>
  openDialog(dialog: ServiceAccountDialog): void
  closeDialog(): void
  create(input: CreateServiceAccount): Promise<void>
  /** `expectedVersion`: the account's version when the form opened (a stale one is refused). */
  changeRole(
    userId: number,
    role: ServiceAccountRole,
    a: Assignments,
    expectedVersion?: number,
  ): Promise<void>
  setAssignments(userId: number, a: Assignments, expectedVersion?: number): Promise<void>
  resetToken(userId: number, grace?: RotationGrace, expiresAt?: number): Promise<void>
  setNetworks(userId: number, networks: string[]): Promise<void>
  /** Ends the previous token's grace period now. */
  endGrace(userId: number): Promise<void>
  remove(userId: number, confirmName: string, expectedVersion?: number): Promise<void>
  undelete(userId: number): Promise<void>
  /** Forgets the plaintext token; called when the one-time dialog closes. */
  clearOneTimeToken(): void
  reset(): void
}

/** A stale edit (someone else changed the account since the form opened). */
const isStaleEdit = (e: unknown) =>
  e instanceof RpcError && e.code === 'CONFLICT' && e.field === 'version'

export const useServiceAccountsStore = create<ServiceAccountsState & ServiceAccountsActions>()((
  set,
  get,
) => {
  const replace = (account: ServiceAccount) =>
    set((s) => ({
      accounts: s.accounts.map((a) => (a.userId === account.userId ? account : a)),
    }))
  // A stale edit reloads the list first, so the dialog can offer the current values.
  const fresh = async <T>(pending: Promise<T>): Promise<T> => {
    try {
      return await pending
    } catch (e) {
      if (isStaleEdit(e)) await get().load()
      throw e
    }
  }
  const issued = async (result: IssuedToken, reason: TokenReason) => {
    set({
      dialog: null,
      oneTimeToken: { token: result.token, accountName: result.account.name, reason },
    })
    await get().load()
  }
  return {
    ...initialServiceAccountsState,
    load: async () => {
      set({ loading: true })
      try {
        const accounts = await call('serviceAccounts:list', { includeDeleted: get().showDeleted })
        set({ accounts, loading: false, loadError: null })
      } catch (error) {
        set({ loading: false, loadError: error instanceof Error ? error.message : String(error) })
      }
    },
    setShowDeleted: async (showDeleted) => {
      set({ showDeleted })
      await get().load()
    },
    openDialog: (dialog) => set({ dialog }),
    closeDialog: () => set({ dialog: null }),
    create: async (input) => issued(await call('serviceAccounts:create', input), 'created'),
    changeRole: async (userId, role, a, expectedVersion) => {
      replace(
        await fresh(call('serviceAccounts:changeRole', { userId, role, ...a, expectedVersion })),
      )
      set({ dialog: null })
    },
    setAssignments: async (userId, a, expectedVersion) => {
      replace(
        await fresh(call('serviceAccounts:setAssignments', { userId, ...a, expectedVersion })),
      )
      set({ dialog: null })
    },
    resetToken: async (userId, grace = 'none', expiresAt) =>
      issued(
        await call('serviceAccounts:resetToken', {
          userId,
          grace,
          ...(expiresAt === undefined ? {} : { expiresAt }),
        }),
        'reset',
      ),
    setNetworks: async (userId, networks) => {
      replace(await call('serviceAccounts:setNetworks', { userId, networks }))
      set({ dialog: null })
    },
    endGrace: async (userId) => replace(await call('serviceAccounts:endGrace', { userId })),
    remove: async (userId, confirmName, expectedVersion) => {
      await fresh(call('serviceAccounts:delete', { userId, confirmName, expectedVersion }))
      set({ dialog: null })
      await get().load()
    },
    undelete: async (userId) =>
      issued(await call('serviceAccounts:undelete', { userId }), 'undeleted'),
    clearOneTimeToken: () => set({ oneTimeToken: null }),
    reset: () => set(initialServiceAccountsState),
  }
})

export const selectAccounts = (s: ServiceAccountsState) => s.accounts
export const selectDialog = (s: ServiceAccountsState) => s.dialog
export const selectOneTimeToken = (s: ServiceAccountsState) => s.oneTimeToken
export const selectAccount = (userId: number) => (s: ServiceAccountsState) =>
  s.accounts.find((a) => a.userId === userId)
/** The account the open dialog acts on, if any. */
export const selectDialogAccount = (s: ServiceAccountsState) => {
  const d = s.dialog
  return d && 'userId' in d ? s.accounts.find((a) => a.userId === d.userId) : undefined
}
