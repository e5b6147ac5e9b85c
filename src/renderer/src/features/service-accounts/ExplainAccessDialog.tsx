import { Alert, Badge, Group, List, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import type {
  Explanation,
  ProjectCan,
  ServiceAccount,
} from '../../../../shared/contracts/service-accounts.contract'
import { ROLE_LABELS } from '../../../../shared/roles'
import { call } from '../../lib/ipc'

const ACTIONS: [keyof ProjectCan, string][] = [
  ['read', 'Read'],
  ['annotate', 'Annotate'],
  ['review', 'Review'],
  ['import', 'Import'],
  ['export', 'Export'],
  ['manageMembers', 'Manage members'],
  ['administer', 'Administer'],
]

const Mark = (props: { yes: boolean }) => (
  <Text size="sm" c={props.yes ? 'teal.8' : 'dimmed'}>
    {props.yes ? 'Yes' : 'No'}
  </Text>
)

/**
 * "What can this token do?": the workspaces and projects the account can see and what it may
 * do in each, computed by the engine from the access policy the API enforces.
 */
export function ExplainAccessDialog(props: { account: ServiceAccount; onClose: () => void }) {
  const [e, setE] = useState<Explanation | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    call('serviceAccounts:explain', { userId: props.account.userId }).then(setE, (err: unknown) =>
      setError(err instanceof Error ? err.message : String(err)),
    )
  }, [props.account.userId])
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={`What can ${props.account.name}’s token do?`}
      size="xl"
    >
      {error ? (
        <Alert color="red">{error}</Alert>
      ) : !e ? (
        <Loader aria-label="Loading what the token can do" />
      ) : (
        <Stack>
          <Group gap="xs">
            <Badge variant="light">{ROLE_LABELS[e.account.role]}</Badge>
            <Text size="sm">
              {e.organizationAdmin
                ? 'Administers the whole organization: members, service accounts, settings and the activity log.'
                : 'No organization administration.'}
            </Text>
          </Group>
          <Title order={3} size="h5">
            Projects it can read
          </Title>
          {e.projects.length === 0 ? (
            <Text size="sm" c="dimmed">
              None
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="Projects and actions" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Project</Table.Th>
                    {ACTIONS.map(([k, label]) => (
                      <Table.Th key={k}>{label}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {e.projects.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Text size="sm">{p.title}</Text>
                        {p.workspace && (
                          <Text size="xs" c="dimmed">
                            in {p.workspace.title}
                          </Text>
                        )}
                      </Table.Td>
                      {ACTIONS.map(([k]) => (
                        <Table.Td key={k}>
                          <Mark yes={p.can[k]} />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Title order={3} size="h5">
            Workspaces it can read
          </Title>
          {e.workspaces.length === 0 ? (
            <Text size="sm" c="dimmed">
              None
            </Text>
          ) : (
            <List size="sm" aria-label="Workspaces">
              {e.workspaces.map((w) => (
                <List.Item key={w.id}>
                  {w.title}
                  {w.can.administer ? ': administer' : ''}
                  {w.can.manageMembers ? ', manage members' : ''}
                </List.Item>
              ))}
            </List>
          )}
          {e.cannot.length > 0 && (
            <Alert color="gray" title="What it cannot do">
              <List size="sm">
                {e.cannot.map((c) => (
                  <List.Item key={c}>{c}</List.Item>
                ))}
              </List>
            </Alert>
          )}
        </Stack>
      )}
    </Modal>
  )
}
