import { ActionIcon, Badge, Group, Menu, Table, Text, VisuallyHidden } from '@mantine/core'
import type { Project, Workspace } from '../../../../shared/contracts/workspaces.contract'
import { TruncatedText } from '../../components/TruncatedText'
import { notifyError, notifySuccess } from '../../lib/errors'
import { useWorkspacesStore } from './workspaces.store'

export interface ContainerActions {
  onEdit: (kind: 'workspace' | 'project', id: number) => void
  onMembers: (kind: 'workspace' | 'project', id: number, title: string) => void
  onDelete: (kind: 'workspace' | 'project', id: number, title: string) => void
}

function RowMenu(
  props: {
    kind: 'workspace' | 'project'
    id: number
    title: string
    archived: boolean
  } & ContainerActions,
) {
  const { kind, id, title, archived } = props
  const archive = async () => {
    const s = useWorkspacesStore.getState()
    try {
      await (kind === 'workspace'
        ? s.archiveWorkspace(id, !archived)
        : s.archiveProject(id, !archived))
      notifySuccess(`${title} ${archived ? 'unarchived' : 'archived'}`)
    } catch (e) {
      notifyError(e)
    }
  }
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Actions for ${title}`}>
          <span aria-hidden>⋯</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => props.onEdit(kind, id)}>Edit</Menu.Item>
        <Menu.Item onClick={() => props.onMembers(kind, id, title)}>Members</Menu.Item>
        <Menu.Item onClick={archive}>{archived ? 'Unarchive' : 'Archive'}</Menu.Item>
        <Menu.Item color="red" c="red" onClick={() => props.onDelete(kind, id, title)}>
          Delete
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}

function TitleCell(props: { title: string; description: string; archived: boolean }) {
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <TruncatedText size="sm" fw={500} maw={360}>
          {props.title}
        </TruncatedText>
        {props.archived && (
          <Badge color="gray" miw="max-content">
            Archived
          </Badge>
        )}
      </Group>
      {props.description && (
        <Text size="xs" c="dimmed" maw={420} lineClamp={2} title={props.description}>
          {props.description}
        </Text>
      )}
    </>
  )
}

const ActionsHeader = () => (
  <Table.Th>
    <VisuallyHidden>Actions</VisuallyHidden>
  </Table.Th>
)

export function WorkspacesTable(props: { workspaces: Workspace[] } & ContainerActions) {
  return (
    <Table aria-label="Workspaces" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Workspace</Table.Th>
          <Table.Th>Projects</Table.Th>
          <Table.Th>Members</Table.Th>
          <ActionsHeader />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.workspaces.map((w) => (
          <Table.Tr key={w.id}>
            <Table.Td>
              <TitleCell
                title={w.title}
                description={w.description}
                archived={w.archivedAt !== null}
              />
            </Table.Td>
            <Table.Td>{w.projectCount}</Table.Td>
            <Table.Td>{w.memberCount}</Table.Td>
            <Table.Td>
              <RowMenu
                kind="workspace"
                id={w.id}
                title={w.title}
                archived={w.archivedAt !== null}
                {...props}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

export function ProjectsTable(
  props: { projects: Project[]; workspaces: Workspace[] } & ContainerActions,
) {
  const names = new Map(props.workspaces.map((w) => [w.id, w.title]))
  return (
    <Table aria-label="Projects" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Project</Table.Th>
          <Table.Th>Workspace</Table.Th>
          <Table.Th>Tasks</Table.Th>
          <Table.Th>Members</Table.Th>
          <ActionsHeader />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.projects.map((p) => (
          <Table.Tr key={p.id}>
            <Table.Td>
              <TitleCell
                title={p.title}
                description={p.description}
                archived={p.archivedAt !== null}
              />
            </Table.Td>
            <Table.Td>
              <TruncatedText size="sm" maw={220}>
                {p.workspaceId ? (names.get(p.workspaceId) ?? '—') : '—'}
              </TruncatedText>
            </Table.Td>
            <Table.Td>{p.taskCount}</Table.Td>
            <Table.Td>{p.memberCount}</Table.Td>
            <Table.Td>
              <RowMenu
                kind="project"
                id={p.id}
                title={p.title}
                archived={p.archivedAt !== null}
                {...props}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
