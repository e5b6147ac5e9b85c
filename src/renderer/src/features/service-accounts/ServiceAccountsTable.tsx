import { Badge, Code, Stack, Table, Text, VisuallyHidden } from '@mantine/core'
import { useEffect, useRef } from 'react'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { RoleBadge } from '../../components/MemberBadges'
import { TruncatedText } from '../../components/TruncatedText'
import { formatDate, formatDateTime, formatRelative, undeleteWindowText } from '../../lib/format'
import { daysUntil, expiresSoon, unusedDays } from '../../../../shared/rotation'
import { PreviousToken } from './PreviousToken'
import { ServiceAccountRowMenu } from './ServiceAccountRowMenu'

/** More than this many workspaces and projects collapse into "and N more". */
const ACCESS_SHOWN = 3

/** "Only from 10.0.0.0/8 and 1 more": shown when the account has a network allowlist. */
function NetworksNote(props: { account: ServiceAccount }) {
  const nets = props.account.allowedNetworks
  if (nets.length === 0) return null
  const more = nets.length > 1 ? ` and ${nets.length - 1} more` : ''
  return (
    <Text size="xs" c="dimmed" title={nets.join('\n')} style={{ overflowWrap: 'anywhere' }}>
      Only from {nets[0]}
      {more}
    </Text>
  )
}

function AccessCell(props: { account: ServiceAccount }) {
  return (
    <Stack gap={2}>
      <AssignmentsList account={props.account} />
      <NetworksNote account={props.account} />
    </Stack>
  )
}

function AssignmentsList(props: { account: ServiceAccount }) {
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
      {/* The column has a fixed share of the table: a long title wraps instead of being cut. */}
      {refs.slice(0, ACCESS_SHOWN).map((r) => (
        <Text size="sm" key={r} lineClamp={2} title={r} style={{ overflowWrap: 'anywhere' }}>
          {r}
        </Text>
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
      {t.expiresAt !== null &&
        (expiresSoon(t.expiresAt) ? (
          <Badge
            color="orange"
            variant="light"
            miw="max-content"
            title={`Expires ${formatDateTime(t.expiresAt)}`}
          >
            {expiryBadge(t.expiresAt)}
          </Badge>
        ) : (
          <Text size="xs" c="dimmed">
            expires {formatDateTime(t.expiresAt)}
          </Text>
        ))}
      {props.account.previousToken && <PreviousToken account={props.account} />}
    </Stack>
  )
}

/** "Expires today", "Expires in 3 days". */
export function expiryBadge(expiresAt: number, now = Date.now()): string {
  const days = daysUntil(expiresAt, now)
  return days <= 1 ? 'Expires within a day' : `Expires in ${days} days`
}

/** "Unused for 45 days": since its last use, or its creation, or its last role change. */
function UnusedNote(props: { account: ServiceAccount }) {
  const days = unusedDays(props.account.unusedSince)
  if (props.account.status === 'deleted' || days < 1) return null
  return (
    <Text size="xs" c={days >= 30 ? 'orange.8' : 'dimmed'}>
      Unused for {days} {days === 1 ? 'day' : 'days'}
    </Text>
  )
}

function LastUsedCell(props: { account: ServiceAccount }) {
  const t = props.account.lastUsed
  if (!t)
    return (
      <Stack gap={0}>
        <Text size="sm" c="dimmed">
          Never
        </Text>
        <UnusedNote account={props.account} />
      </Stack>
    )
  return (
    <Stack gap={0}>
      <Text size="sm" title={formatDateTime(t.at)}>
        {formatRelative(t.at)}
      </Text>
      {t.ip && (
        <Text size="xs" c="dimmed" truncate="end" title={t.ip}>
          from {t.ip}
        </Text>
      )}
      <UnusedNote account={props.account} />
    </Stack>
  )
}

// Badges, token and dates read badly when wrapped or truncated; a long name is cut (with a
// tooltip) and a description is clamped to two lines, so one account cannot widen the table.
// Below 1200 px the Created column gives way so Status and the row menu stay in view.
const NOWRAP = { whiteSpace: 'nowrap' } as const
// Fixed layout with set column widths: the table keeps its columns where they are when
// "Show deleted" adds rows or a "Last used" value changes, instead of re-measuring its content.
const TABLE_STYLE = { tableLayout: 'fixed' } as const
const WIDTHS = {
  name: '22%',
  role: 120,
  access: '24%',
  token: 130,
  created: 130,
  lastUsed: 130,
  status: 140,
  actions: 56,
} as const
const NAME_CELL = { overflow: 'hidden' } as const

/** The service accounts of the organization, one row each, with a menu per row. */
export function ServiceAccountsTable(props: {
  accounts: ServiceAccount[]
  /** The account the address names (opened from Members → Manage): marked and scrolled to. */
  highlightId?: number | null
}) {
  const highlighted = useRef<HTMLTableRowElement>(null)
  const shown = props.accounts.some((a) => a.userId === props.highlightId)
  useEffect(() => {
    // jsdom has no scrollIntoView; a real window scrolls the row into view once it is there.
    if (shown) highlighted.current?.scrollIntoView?.({ block: 'center' })
  }, [shown, props.highlightId])
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table
        striped
        highlightOnHover
        verticalSpacing="sm"
        aria-label="Service accounts"
        style={TABLE_STYLE}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={WIDTHS.name}>Name</Table.Th>
            <Table.Th w={WIDTHS.role}>Role</Table.Th>
            <Table.Th w={WIDTHS.access}>Workspaces & projects</Table.Th>
            <Table.Th w={WIDTHS.token}>Token</Table.Th>
            <Table.Th w={WIDTHS.created} visibleFrom="lg">
              Created
            </Table.Th>
            <Table.Th w={WIDTHS.lastUsed}>Last used</Table.Th>
            <Table.Th w={WIDTHS.status}>Status</Table.Th>
            <Table.Th w={WIDTHS.actions}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.accounts.map((a) => (
            <Table.Tr
              key={a.userId}
              ref={a.userId === props.highlightId ? highlighted : undefined}
              aria-current={a.userId === props.highlightId ? 'true' : undefined}
              bg={a.userId === props.highlightId ? 'var(--mantine-primary-color-light)' : undefined}
            >
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
                <TruncatedText size="sm" maw="100%">
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
