import { create } from 'zustand'
import type {
  AdminSession,
  IssuedInvitation,
  TeamMember,
} from '../../../../shared/contracts/team.contract'
import { call } from '../../lib/ipc'

export interface TeamState {
  members: TeamMember[]
  sessions: AdminSession[]
  loading: boolean
  loadError: string | null
  /** An invitation just issued: its link is shown once, then forgotten. */
  issued: (IssuedInvitation & { reset: boolean }) | null
}

export const initialTeamState: TeamState = {
  members: [],
  sessions: [],
  loading: false,
  loadError: null,
  issued: null,
}

export interface NewAdministrator {
  email: string
  firstName: string
  lastName: string
}

interface TeamActions {
  load(): Promise<void>
  invite(person: NewAdministrator): Promise<void>
  /** Invites an existing person (promoting them to Administrator), or resets their sign-in. */
  issueInvitation(userId: number, reset: boolean): Promise<void>
  revokeInvitation(userId: number): Promise<void>
  endSessionsOf(userId: number): Promise<number>
  endSession(sessionId: number): Promise<void>
  endOtherSessions(): Promise<number>
  clearIssued(): void
  reset(): void
}

export const useTeamStore = create<TeamState & TeamActions>()((set, get) => ({
  ...initialTeamState,
  load: async () => {
    set({ loading: true })
    try {
      const [members, sessions] = await Promise.all([call('team:list'), call('sessions:list')])
      set({ members, sessions, loading: false, loadError: null })
    } catch (error) {
      set({ loading: false, loadError: error instanceof Error ? error.message : String(error) })
    }
  },
  invite: async (person) => {
    const issued = await call('team:invite', person)
    set({ issued: { ...issued, reset: false } })
    await get().load()
  },
  issueInvitation: async (userId, reset) => {
    const issued = await call('team:issueInvitation', { userId })
    set({ issued: { ...issued, reset } })
    await get().load()
  },
  revokeInvitation: async (userId) => {
    await call('team:revokeInvitation', { userId })
    await get().load()
  },
  endSessionsOf: async (userId) => {
    const { ended } = await call('team:endSessions', { userId })
    await get().load()
    return ended
  },
  endSession: async (sessionId) => {
    await call('sessions:end', { sessionId })
    await get().load()
  },
  endOtherSessions: async () => {
    const { ended } = await call('sessions:endOthers')
    await get().load()
    return ended
  },
  clearIssued: () => set({ issued: null }),
  reset: () => set(initialTeamState),
}))

export const selectIssuedInvitation = (s: TeamState) => s.issued

/**
 * The address an invitation opens. In a browser it is this server's own address; the desktop
 * app is not the shared host, so there the link is given relative to wherever that host runs.
 */
export function invitationLink(token: string, origin: string | null): string {
  const path = `/#/invitation/${token}`
  return origin ? `${origin}${path}` : path
}
