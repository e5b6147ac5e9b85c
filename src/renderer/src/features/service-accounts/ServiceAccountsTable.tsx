import { Badge, Code, Stack, Table, Text, VisuallyHidden } from '@mantine/core'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { RoleBadge } from '../../components/MemberBadges'
import { TruncatedText } from '../../components/TruncatedText'
import { formatDate, formatDateTime, formatRelative, undeleteWindowText } from '../../lib/format'
import { ServiceAccountRowMenu } from './ServiceAccountRowMenu'

/** More than this many workspaces and projects collapse into "and N more". */
const ACCESS_SHOWN = 3

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
  const hidden = refs.slice(ACCESS_SHOWN)
  return (
    <Stack gap={0}>
      {refs.slice(0, ACCESS_SHOWN).map((r) => (
        <TruncatedText size="sm" key={r} maw={150}>
          {r}
        </TruncatedText>
      ))}
      {hidden.length > 0 && (
        <Text size="xs" c="dimmed" title={hidden.join('\n')}>
          and {hidden.length} more
        </Text>
      )}
    </Stack>
  )
}

function StatusCell(props: { account: ServiceAccount }) {
  const { account } = props
  if (account.status === 'deleted') {
    return (
      <Stack gap={2}>
        <Badge color="red" variant="light" miw="max-content">
          Deleted
        </Badge>
        <Text
          size="xs"
          c="dimmed"
          maw={130}
          title={`Until ${formatDateTime(account.undeleteUntil)}`}
        >
          {undeleteWindowText(account.undeleteUntil)}
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
      <Text size="sm" title={formatDateTime(t.lastUsedAt)}>
        {formatRelative(t.lastUsedAt)}
      </Text>
      {t.lastUsedIp && (
        <Text size="xs" c="dimmed">
          from {t.lastUsedIp}
        </Text>
      )}
    </Stack>
  )
}

// Badges, token and dates read badly when wrapped or truncated; a long name is cut (with a
// tooltip) and a description is clamped to two lines, so one account cannot widen the table.
// Below 1200 px the Created column gives way so Status and the row menu stay in view.
const NOWRAP = { whiteSpace: 'nowrap' } as const
// The name column takes the width the others leave (max-width 0 lets it shrink below its text).
const NAME_CELL = { width: '24%', maxWidth: 0, minWidth: 130 } as const

/** The service accounts of the organization, one row each, with a menu per row. */
export function ServiceAccountsTable(props: { accounts: ServiceAccount[] }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Service accounts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Workspaces & projects</Table.Th>
            <Table.Th>Token</Table.Th>
            <Table.Th visibleFrom="lg">Created</Table.Th>
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
              <Table.Td style={NAME_CELL}>
                <TruncatedText size="sm" fw={500} maw="100%">
                  {a.name}
                </TruncatedText>
                {a.description && (
                  <Text size="xs" c="dimmed" lineClamp={2} title={a.description}>
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
              <Table.Td style={NOWRAP} visibleFrom="lg">
                <TruncatedText size="sm" maw={140}>
                  {a.createdBy.name}
                </TruncatedText>
                <Text size="xs" c="dimmed" title={formatDateTime(a.createdAt)}>
                  {formatDate(a.createdAt)}
                </Text>
              </Table.Td>
              <Table.Td style={NOWRAP}>
                <LastUsedCell account={a} />
              </Table.Td>
              <Table.Td>
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
