import { Button, Group, Stack, Switch, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { EmptyState } from '../../components/EmptyState'
import { ErrorView } from '../../components/ErrorView'
import { ProjectsTable, WorkspacesTable, type ContainerActions } from './ContainerTables'
import { DeleteContainerDialog, type DeleteTarget } from './DeleteContainerDialog'
import { MembershipEditorDialog } from './MembershipEditorDialog'
import { WorkspaceFormDialog, type FormTarget } from './WorkspaceFormDialog'
import { useWorkspacesStore } from './workspaces.store'

/** Workspaces and projects: create, edit, archive, delete, and who belongs to each. */
export function WorkspacesPage() {
  const { workspaces, projects, showArchived, loadError, load, setShowArchived } =
    useWorkspacesStore(
      useShallow((s) => ({
        workspaces: s.workspaces,
        projects: s.projects,
        showArchived: s.showArchived,
        loadError: s.loadError,
        load: s.load,
        setShowArchived: s.setShowArchived,
      })),
    )
  const [form, setForm] = useState<FormTarget | null>(null)
  const [membersOf, setMembersOf] = useState<DeleteTarget | null>(null)
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null)
  useEffect(() => {
    void load()
  }, [load])

  const actions: ContainerActions = {
    onEdit: (kind, id) =>
      setForm(
        kind === 'workspace'
          ? { kind, item: workspaces.find((w) => w.id === id) }
          : { kind, item: projects.find((p) => p.id === id) },
      ),
    onMembers: (kind, id, title) => setMembersOf({ kind, id, title }),
    onDelete: (kind, id, title) => setDeleting({ kind, id, title }),
  }

  if (loadError) return <ErrorView message={loadError} onRetry={() => void load()} />
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Workspaces & projects
        </Title>
        <Group>
          <Button variant="default" onClick={() => setForm({ kind: 'project' })}>
            Create project
          </Button>
          <Button onClick={() => setForm({ kind: 'workspace' })}>Create workspace</Button>
        </Group>
      </Group>
      <Switch
        label="Show archived"
        checked={showArchived}
        onChange={(e) => void setShowArchived(e.currentTarget.checked)}
      />
      <Title order={2} size="h4">
        Workspaces
      </Title>
      {workspaces.length === 0 ? (
        <EmptyState
          title={showArchived ? 'No workspaces' : 'No workspaces yet'}
          message="A workspace groups projects; its members reach every project in it."
          action={
            <Button variant="light" onClick={() => setForm({ kind: 'workspace' })}>
              Create your first workspace
            </Button>
          }
        />
      ) : (
        <WorkspacesTable workspaces={workspaces} {...actions} />
      )}
      <Title order={2} size="h4">
        Projects
      </Title>
      {projects.length === 0 ? (
        <EmptyState
          title={showArchived ? 'No projects' : 'No projects yet'}
          message="Projects hold the tasks that people and service accounts annotate and review."
          action={
            <Button variant="light" onClick={() => setForm({ kind: 'project' })}>
              Create your first project
            </Button>
          }
        />
      ) : (
        <ProjectsTable projects={projects} workspaces={workspaces} {...actions} />
      )}
      {form && <WorkspaceFormDialog target={form} onClose={() => setForm(null)} />}
      {membersOf && (
        <MembershipEditorDialog target={membersOf} onClose={() => setMembersOf(null)} />
      )}
      {deleting && <DeleteContainerDialog target={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  )
}
