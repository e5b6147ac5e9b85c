import { Badge, Code, Stack, Table, Text, VisuallyHidden } from '@mantine/core'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { RoleBadge } from '../../components/MemberBadges'
import { daysLeft, formatDateTime, plural } from '../../lib/format'
import { ServiceAccountRowMenu } from './ServiceAccountRowMenu'

function AccessCell(props: { account: ServiceAccount }) {
  const { account } = props
  if (account.role === 'AD') return <Text size="sm">Whole organization</Text>
  const refs = [
    ...account.workspaces.map((w) => `Workspace: ${w.title}`),
    ...account.projects.map((p) => `Project: ${p.title}`),
  ]
  if (refs.length === 0)
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    )
  return (
    <Stack gap={0}>
      {refs.map((r) => (
        <Text size="sm" key={r}>
          {r}
        </Text>
      ))}
    </Stack>
  )
}

function StatusCell(props: { account: ServiceAccount }) {
  const { account } = props
  if (account.status === 'deleted') {
    const left = account.undeleteUntil === null ? 0 : daysLeft(account.undeleteUntil)
    return (
      <Stack gap={2}>
        <Badge color="red" variant="light" miw="max-content">
          Deleted
        </Badge>
        <Text size="xs" c="dimmed">
          {plural(left, 'day')} left to undelete
        </Text>
      </Stack>
    )
  }
  return account.status === 'deactivated' ? (
    <Badge color="gray" variant="light" miw="max-content">
      Deactivated
    </Badge>
  ) : (
    <Badge color="teal" variant="light" miw="max-content">
      Active
    </Badge>
  )
}

function TokenCell(props: { account: ServiceAccount }) {
  const t = props.account.token
  if (!t)
    return (
      <Text size="sm" c="dimmed">
        No token
      </Text>
    )
  return (
    <Stack gap={0}>
      <Code>{t.display}</Code>
      {t.expiresAt !== null && (
        <Text size="xs" c="dimmed">
          expires {formatDateTime(t.expiresAt)}
        </Text>
      )}
    </Stack>
  )
}

function LastUsedCell(props: { account: ServiceAccount }) {
  const t = props.account.token
  if (!t?.lastUsedAt)
    return (
      <Text size="sm" c="dimmed">
        Never
      </Text>
    )
  return (
    <Stack gap={0}>
      <Text size="sm">{formatDateTime(t.lastUsedAt)}</Text>
      {t.lastUsedIp && (
        <Text size="xs" c="dimmed">
          from {t.lastUsedIp}
        </Text>
      )}
    </Stack>
  )
}

// Badges, token and dates read badly when wrapped or truncated; the name column wraps instead.
const NOWRAP = { whiteSpace: 'nowrap' } as const

/** The service accounts of the organization, one row each, with a menu per row. */
export function ServiceAccountsTable(props: { accounts: ServiceAccount[] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Service accounts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Workspaces & projects</Table.Th>
            <Table.Th>Token</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.accounts.map((a) => (
            <Table.Tr key={a.userId}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {a.name}
                </Text>
                {a.description && (
                  <Text size="xs" c="dimmed">
                    {a.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={NOWRAP}>
                <RoleBadge role={a.role} />
              </Table.Td>
              <Table.Td>
                <AccessCell account={a} />
              </Table.Td>
              <Table.Td style={NOWRAP}>
                <TokenCell account={a} />
              </Table.Td>
              <Table.Td style={NOWRAP}>
                <Text size="sm">{a.createdBy.name}</Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(a.createdAt)}
                </Text>
              </Table.Td>
              <Table.Td style={NOWRAP}>
                <LastUsedCell account={a} />
              </Table.Td>
              <Table.Td style={NOWRAP}>
                <StatusCell account={a} />
              </Table.Td>
              <Table.Td>
                <ServiceAccountRowMenu account={a} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
