import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { notifyError, notifySuccess } from '../../lib/errors'
import { formatDateTime, plural } from '../../lib/format'
import { isDesktopApp } from '../../lib/ipc'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { useTeamStore } from './team.store'

/** Signed-in browsers: your own (the Owner sees everyone's), with sign-out. */
export function SessionsPanel() {
  const { sessions, endSession, endOtherSessions } = useTeamStore()
  const isOwner = useAuthStore(selectIsOwner)
  const me = useAuthStore((s) => s.user?.id)
  const run = async (what: () => Promise<string>) => {
    try {
      notifySuccess(await what())
    } catch (e) {
      notifyError(e)
    }
  }
  const others = sessions.filter((s) => !s.current && s.userId === me)
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {isOwner ? 'Signed-in sessions' : 'Your sessions'}
        </Title>
        {!isDesktopApp() && (
          <Button
            variant="default"
            size="xs"
            disabled={others.length === 0}
            onClick={() =>
              void run(async () => {
                const n = await endOtherSessions()
                return `Signed out of ${plural(n, 'other session')}`
              })
            }
          >
            Sign out other sessions
          </Button>
        )}
      </Group>
      {sessions.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody is signed in to this Tessera in a browser.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Sessions">
            <Table.Thead>
              <Table.Tr>
                {isOwner && <Table.Th>Person</Table.Th>}
                <Table.Th>Device</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Last seen</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.map((s) => (
                <Table.Tr key={s.id}>
                  {isOwner && <Table.Td>{s.userName}</Table.Td>}
                  <Table.Td title={s.userAgent ?? undefined}>
                    {s.device}
                    {s.current && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        (this browser)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{s.ip ?? '—'}</Table.Td>
                  <Table.Td>{formatDateTime(s.lastSeenAt)}</Table.Td>
                  <Table.Td>
                    {!s.current && (
                      <Button
                        variant="subtle"
                        color="red"
                        size="compact-sm"
                        aria-label={`Sign out ${s.userName} on ${s.device}`}
                        onClick={() =>
                          void run(async () => {
                            await endSession(s.id)
                            return `${s.userName} signed out on ${s.device}`
                          })
                        }
                      >
                        Sign out
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}
