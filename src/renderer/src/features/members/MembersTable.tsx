import { ActionIcon, Group, Menu, Table, Text, VisuallyHidden } from '@mantine/core'
import type { Member } from '../../../../shared/contracts/members.contract'
import { RoleBadge, ServiceAccountBadge } from '../../components/MemberBadges'
import { notifyError, notifySuccess } from '../../lib/errors'
import { formatDate } from '../../lib/format'
import { useNavigationStore } from '../navigation/navigation.store'
import { useMembersStore } from './members.store'

function PersonMenu(props: { member: Member; onChangeRole: (m: Member) => void }) {
  const { member } = props
  const { deactivate, reactivate } = useMembersStore.getState()
  const run = async (action: () => Promise<void>, done: string) => {
    try {
      await action()
      notifySuccess(done)
    } catch (error) {
      notifyError(error)
    }
  }
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Actions for ${member.displayName}`}>
          <span aria-hidden>⋯</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => props.onChangeRole(member)}>Change role</Menu.Item>
        {member.role === 'DI' ? (
          <Menu.Item
            onClick={() =>
              run(() => reactivate(member.userId), `${member.displayName} reactivated`)
            }
          >
            Reactivate
          </Menu.Item>
        ) : (
          <Menu.Item
            color="red"
            onClick={() =>
              run(() => deactivate(member.userId), `${member.displayName} deactivated`)
            }
          >
            Deactivate
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  )
}

function RowActions(props: { member: Member; onChangeRole: (m: Member) => void }) {
  const navigate = useNavigationStore((s) => s.navigate)
  if (props.member.role === 'OW') return null
  if (props.member.kind === 'service') {
    return (
      <Text
        component="button"
        type="button"
        size="sm"
        c="indigo"
        style={{ background: 'none', border: 0, cursor: 'pointer' }}
        onClick={() => navigate('serviceAccounts')}
      >
        Manage
      </Text>
    )
  }
  return <PersonMenu member={props.member} onChangeRole={props.onChangeRole} />
}

/** Everyone in the organization: people and service accounts (marked). */
export function MembersTable(props: { members: Member[]; onChangeRole: (m: Member) => void }) {
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped highlightOnHover aria-label="Members">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Joined</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.members.map((m) => (
            <Table.Tr key={m.userId}>
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm">{m.displayName}</Text>
                  {m.kind === 'service' && <ServiceAccountBadge />}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {m.email}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <RoleBadge role={m.role} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{m.kind === 'service' ? 'Service account' : 'Person'}</Text>
              </Table.Td>
              <Table.Td>{formatDate(m.createdAt)}</Table.Td>
              <Table.Td>
                <RowActions member={m} onChangeRole={props.onChangeRole} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
