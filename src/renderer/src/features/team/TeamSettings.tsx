import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { useEffect, useState } from 'react'
import type { SignInState, TeamMember } from '../../../../shared/contracts/team.contract'
import { ROLE_LABELS } from '../../../../shared/roles'
import { ErrorView } from '../../components/ErrorView'
import { TruncatedText } from '../../components/TruncatedText'
import { notifyError, notifySuccess } from '../../lib/errors'
import { formatDateTime, plural } from '../../lib/format'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { InvitationLinkDialog } from './InvitationLinkDialog'
import { InviteAdministratorDialog } from './InviteAdministratorDialog'
import { SessionsPanel } from './SessionsPanel'
import { TwoStepPanel } from './TwoStepPanel'
import { useTeamStore } from './team.store'

const SIGN_IN_LABELS: Record<SignInState, { label: string; color: string }> = {
  active: { label: 'Signs in', color: 'teal' },
  invited: { label: 'Invited', color: 'blue' },
  invitation_expired: { label: 'Invitation expired', color: 'orange' },
  not_invited: { label: 'Not invited', color: 'gray' },
}

function signInText(m: TeamMember): string {
  if (m.signIn === 'invited' && m.invitationExpiresAt)
    return `until ${formatDateTime(m.invitationExpiresAt)}`
  if (m.liveSessions > 0) return plural(m.liveSessions, 'session')
  return ''
}

function PersonActions(props: { member: TeamMember }) {
  const { member } = props
  const store = useTeamStore()
  const run = async (what: () => Promise<unknown>, done?: string) => {
    try {
      await what()
      if (done) notifySuccess(done)
    } catch (e) {
      notifyError(e)
    }
  }
  if (member.role === 'OW') return null
  const pending = member.signIn === 'invited' || member.signIn === 'invitation_expired'
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Sign-in actions for ${member.displayName}`}>
          <span aria-hidden>⋯</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          onClick={() =>
            void run(() => store.issueInvitation(member.userId, member.signIn === 'active'))
          }
        >
          {member.signIn === 'active' ? 'Reset sign-in (new invitation)' : 'New invitation link'}
        </Menu.Item>
        {pending && (
          <Menu.Item
            onClick={() =>
              void run(() => store.revokeInvitation(member.userId), 'Invitation revoked')
            }
          >
            Revoke invitation
          </Menu.Item>
        )}
        <Menu.Item
          color="red"
          c="red"
          disabled={member.liveSessions === 0}
          onClick={() =>
            void run(
              () => store.endSessionsOf(member.userId),
              `${member.displayName} is signed out everywhere`,
            )
          }
        >
          End all sessions
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}

/**
 * The people who sign in to the shared host (Owner and Administrators), their invitations and
 * sessions. The Owner invites, resets and signs people out; Administrators see the list.
 */
export function TeamSettings() {
  const { members, loadError, load } = useTeamStore()
  const isOwner = useAuthStore(selectIsOwner)
  const [inviting, setInviting] = useState(false)
  useEffect(() => {
    void load()
  }, [load])
  return (
    <Paper withBorder p="md" component="section" aria-label="Administrators & sign-in">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            Administrators & sign-in
          </Title>
          {isOwner && <Button onClick={() => setInviting(true)}>Invite administrator</Button>}
        </Group>
        <Text size="sm" c="dimmed">
          Who can sign in to this Tessera in a browser. An invitation is a one-time link, valid for
          48 hours, with which the person chooses their password. Service accounts never sign in.
        </Text>
        {loadError ? (
          <ErrorView message={loadError} onRetry={() => void load()} />
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Administrators">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Sign-in</Table.Th>
                  <Table.Th>Two-step</Table.Th>
                  <Table.Th>Last seen</Table.Th>
                  {isOwner && (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.map((m) => (
                  <Table.Tr key={m.userId}>
                    <Table.Td style={{ maxWidth: 0, minWidth: 160, width: '40%' }}>
                      <TruncatedText size="sm" maw="100%">
                        {m.displayName}
                      </TruncatedText>
                      <TruncatedText size="xs" c="dimmed" maw="100%">
                        {m.email}
                      </TruncatedText>
                    </Table.Td>
                    <Table.Td>{ROLE_LABELS[m.role]}</Table.Td>
                    <Table.Td>
                      <Badge color={SIGN_IN_LABELS[m.signIn].color} variant="light">
                        {SIGN_IN_LABELS[m.signIn].label}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {signInText(m)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.totp ? 'On' : 'Off'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.lastSeenAt ? formatDateTime(m.lastSeenAt) : '—'}</Text>
                    </Table.Td>
                    {isOwner && (
                      <Table.Td>
                        <PersonActions member={m} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <TwoStepPanel />
        <SessionsPanel />
      </Stack>
      <InviteAdministratorDialog opened={inviting} onClose={() => setInviting(false)} />
      <InvitationLinkDialog />
    </Paper>
  )
}
