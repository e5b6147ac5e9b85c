import { ActionIcon, Button, Menu, Table, Text, VisuallyHidden } from '@mantine/core'
import type { Member } from '../../../../shared/contracts/members.contract'
import { RoleBadge, ServiceAccountBadge } from '../../components/MemberBadges'
import { TruncatedText } from '../../components/TruncatedText'
import { formatDate } from '../../lib/format'
import { useGo } from '../navigation/useGo'

/** What the table asks the page to open for one person. */
export interface MemberActions {
  onChangeRole: (m: Member) => void
  onDeactivate: (m: Member) => void
  onReactivate: (m: Member) => void
  /** Owner only: invite the person to sign in as an Administrator (absent otherwise). */
  onInviteToSignIn?: (m: Member) => void
}

function PersonMenu(props: { member: Member } & MemberActions) {
  const { member } = props
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Actions for ${member.displayName}`}>
          <span aria-hidden>⋯</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => props.onChangeRole(member)}>Change role</Menu.Item>
        {props.onInviteToSignIn && member.role !== 'DI' && (
          <Menu.Item onClick={() => props.onInviteToSignIn?.(member)}>
            {member.role === 'AD' ? 'Invite to sign in…' : 'Make Administrator and invite…'}
          </Menu.Item>
        )}
        {member.role === 'DI' ? (
          <Menu.Item onClick={() => props.onReactivate(member)}>Reactivate…</Menu.Item>
        ) : (
          <Menu.Item color="red" c="red" onClick={() => props.onDeactivate(member)}>
            Deactivate…
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  )
}

function RowActions(props: { member: Member } & MemberActions) {
  const navigate = useGo()
  if (props.member.role === 'OW') return null
  if (props.member.kind === 'service') {
    return (
      <Button
        variant="subtle"
        size="compact-sm"
        aria-label={`Manage ${props.member.displayName} on Service Accounts`}
        onClick={() => navigate('serviceAccounts', { userId: props.member.userId })}
      >
        Manage
      </Button>
    )
  }
  return <PersonMenu {...props} />
}

// Name and email share the width the other columns leave and cut long values (with a
// tooltip); max-width 0 lets a cell shrink below its text.
const FLUID = { maxWidth: 0, minWidth: 140 } as const

/** Everyone in the organization: people and service accounts (marked). */
export function MembersTable(props: { members: Member[] } & MemberActions) {
  const { members, ...actions } = props
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
          {members.map((m) => (
            <Table.Tr key={m.userId}>
              <Table.Td style={{ ...FLUID, width: '30%' }}>
                <TruncatedText size="sm" maw="100%">
                  {m.displayName}
                </TruncatedText>
              </Table.Td>
              <Table.Td style={{ ...FLUID, width: '30%' }}>
                <TruncatedText size="sm" c="dimmed" maw="100%">
                  {m.email}
                </TruncatedText>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <RoleBadge role={m.role} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {/* The type doubles as the service-account marker: one badge, no repeated text. */}
                {m.kind === 'service' ? <ServiceAccountBadge /> : <Text size="sm">Person</Text>}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(m.createdAt)}</Table.Td>
              <Table.Td>
                <RowActions member={m} {...actions} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
