import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useWorkspacesStore } from '../workspaces/workspaces.store'

/** The live workspaces and projects for assignment pickers; loads them on first use. */
export function useAssignmentTargets() {
  const { workspaces, projects, load } = useWorkspacesStore(
    useShallow((s) => ({ workspaces: s.workspaces, projects: s.projects, load: s.load })),
  )
  useEffect(() => {
    void load()
  }, [load])
  return {
    workspaces: workspaces.filter((w) => w.archivedAt === null),
    projects: projects.filter((p) => p.archivedAt === null),
  }
}
