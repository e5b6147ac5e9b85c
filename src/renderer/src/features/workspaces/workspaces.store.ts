import { create } from 'zustand'
import type { Project, Workspace } from '../../../../shared/contracts/workspaces.contract'
import { call } from '../../lib/ipc'

export interface WorkspacesState {
  workspaces: Workspace[]
  projects: Project[]
  showArchived: boolean
  loading: boolean
  loadError: string | null
}

export const initialWorkspacesState: WorkspacesState = {
  workspaces: [],
  projects: [],
  showArchived: false,
  loading: false,
  loadError: null,
}

export interface WorkspaceFields {
  title: string
  description: string
}

export interface ProjectFields extends WorkspaceFields {
  workspaceId: number | null
}

interface WorkspacesActions {
  load(): Promise<void>
  setShowArchived(show: boolean): Promise<void>
  createWorkspace(f: WorkspaceFields): Promise<void>
  updateWorkspace(id: number, f: WorkspaceFields): Promise<void>
  archiveWorkspace(id: number, archived: boolean): Promise<void>
  deleteWorkspace(id: number): Promise<void>
  createProject(f: ProjectFields): Promise<void>
  updateProject(id: number, f: ProjectFields): Promise<void>
  archiveProject(id: number, archived: boolean): Promise<void>
  deleteProject(id: number): Promise<void>
  reset(): void
}

export const useWorkspacesStore = create<WorkspacesState & WorkspacesActions>()((set, get) => {
  const after = async <T>(p: Promise<T>) => {
    await p
    await get().load()
  }
  return {
    ...initialWorkspacesState,
    load: async () => {
      set({ loading: true })
      try {
        const includeArchived = get().showArchived
        const [workspaces, projects] = await Promise.all([
          call('workspaces:list', { includeArchived }),
          call('projects:list', { includeArchived }),
        ])
        set({ workspaces, projects, loading: false, loadError: null })
      } catch (error) {
        set({ loading: false, loadError: error instanceof Error ? error.message : String(error) })
      }
    },
    setShowArchived: async (showArchived) => {
      set({ showArchived })
      await get().load()
    },
    createWorkspace: (f) => after(call('workspaces:create', f)),
    updateWorkspace: (id, f) => after(call('workspaces:update', { id, ...f })),
    archiveWorkspace: (id, archived) => after(call('workspaces:archive', { id, archived })),
    deleteWorkspace: (id) => after(call('workspaces:delete', { id })),
    createProject: (f) => after(call('projects:create', f)),
    updateProject: (id, f) => after(call('projects:update', { id, ...f })),
    archiveProject: (id, archived) => after(call('projects:archive', { id, archived })),
    deleteProject: (id) => after(call('projects:delete', { id })),
    reset: () => set(initialWorkspacesState),
  }
})

export const selectWorkspaces = (s: WorkspacesState) => s.workspaces
export const selectProjects = (s: WorkspacesState) => s.projects
