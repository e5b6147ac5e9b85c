import { create } from 'zustand'
import type { Member } from '../../../../shared/contracts/members.contract'
import type { Role } from '../../../../shared/roles'
import { call } from '../../lib/ipc'

export type PersonRole = Exclude<Role, 'OW'>
/** The roles a deactivated person can come back with. */
export type ReactivationRole = 'AD' | 'MA' | 'RE' | 'AN'

export interface MemberFilters {
  search: string
  role: Role | null
  kind: 'human' | 'service' | null
}

export interface MembersState {
  members: Member[]
  filters: MemberFilters
  loading: boolean
  loadError: string | null
}

export const initialMembersState: MembersState = {
  members: [],
  filters: { search: '', role: null, kind: null },
  loading: false,
  loadError: null,
}

export interface NewPerson {
  email: string
  firstName: string
  lastName: string
  role: PersonRole
}

interface MembersActions {
  load(): Promise<void>
  setFilters(patch: Partial<MemberFilters>): void
  addPerson(person: NewPerson): Promise<Member>
  changeRole(userId: number, role: PersonRole): Promise<void>
  deactivate(userId: number): Promise<void>
  reactivate(userId: number, role?: ReactivationRole): Promise<void>
  reset(): void
}

export const useMembersStore = create<MembersState & MembersActions>()((set, get) => {
  const replace = (member: Member) =>
    set((s) => ({ members: s.members.map((m) => (m.userId === member.userId ? member : m)) }))
  return {
    ...initialMembersState,
    load: async () => {
      set({ loading: true })
      try {
        set({ members: await call('members:list'), loading: false, loadError: null })
      } catch (error) {
        set({ loading: false, loadError: error instanceof Error ? error.message : String(error) })
      }
    },
    setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch } })),
    addPerson: async (person) => {
      const member = await call('members:addPerson', person)
      await get().load()
      return member
    },
    changeRole: async (userId, role) => replace(await call('members:changeRole', { userId, role })),
    deactivate: async (userId) => replace(await call('members:deactivate', { userId })),
    reactivate: async (userId, role) => replace(await call('members:reactivate', { userId, role })),
    reset: () => set(initialMembersState),
  }
})

export const selectMembers = (s: MembersState) => s.members
export const selectFilters = (s: MembersState) => s.filters

/** The members that match the search box and the role and type filters. */
export function filterMembers(members: Member[], f: MemberFilters): Member[] {
  const needle = f.search.trim().toLowerCase()
  return members.filter(
    (m) =>
      (!f.role || m.role === f.role) &&
      (!f.kind || m.kind === f.kind) &&
      (!needle ||
        m.displayName.toLowerCase().includes(needle) ||
        m.email.toLowerCase().includes(needle) ||
        m.username.toLowerCase().includes(needle)),
  )
}
