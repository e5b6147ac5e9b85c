import { Button, Code, Drawer, Group, Stack, Table, Text } from '@mantine/core'
import type { ActivityEntry } from '../../../../shared/contracts/activity.contract'
import { formatDateTimeSeconds, zoneOffset } from '../../lib/time'
import { MemberLabel } from './member-names'
import { RefusalSummaryPanel } from './RefusalSummaryPanel'

function pretty(details: string | null): string | null {
  if (details === null) return null
  try {
    return JSON.stringify(JSON.parse(details), null, 2)
  } catch {
    return details
  }
}

/** Everything stored about one entry, and shortcuts to filter by its user or token. */
export function ActivityDetail(props: {
  entry: ActivityEntry | null
  onClose: () => void
  onFilterUser: (userId: number) => void
  onFilterToken: (tokenId: number) => void
}) {
  const e = props.entry
  const rows: [string, React.ReactNode][] = e
    ? [
        ['Entry', e.id],
        [
          'Time',
          `${formatDateTimeSeconds(e.ts)} ${zoneOffset(e.ts)} (${new Date(e.ts).toISOString()})`,
        ],
        ['Kind', e.kind === 'api' ? 'API request' : 'Admin action'],
        [
          'User',
          e.actorId === null ? (
            (e.actorEmail ?? '—')
          ) : (
            <MemberLabel userId={e.actorId} email={e.actorEmail} />
          ),
        ],
        ...(e.targetUserId === null
          ? []
          : ([['Done to', <MemberLabel key="target" userId={e.targetUserId} />]] as [
              string,
              React.ReactNode,
            ][])),
        ['Token', e.tokenId ?? '—'],
        ['Method', e.method ?? '—'],
        ['URL', e.url ? <Code>{e.url}</Code> : '—'],
        ['Status', e.status ?? '—'],
        ['Duration', e.durationMs === null ? '—' : `${e.durationMs} ms`],
        ['IP', e.ip ?? '—'],
        ['User agent', e.userAgent ?? '—'],
        ['Project', e.projectId ?? '—'],
        ['Workspace', e.workspaceId ?? '—'],
        ['Action', e.action ?? '—'],
        ['Target user', e.targetUserId ?? '—'],
        ['Chain hash', <Code key="h">{e.hash}</Code>],
      ]
    : []
  const details = pretty(e?.details ?? null)
  return (
    <Drawer
      opened={e !== null}
      onClose={props.onClose}
      position="right"
      size="lg"
      title={e ? `Activity entry ${e.id}` : ''}
    >
      {e && (
        <Stack>
          <RefusalSummaryPanel entry={e} />
          <Table aria-label="Entry details" withRowBorders={false}>
            <Table.Tbody>
              {rows.map(([k, v]) => (
                <Table.Tr key={k}>
                  <Table.Th scope="row" w={130}>
                    {k}
                  </Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{v}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {details && (
            <Stack gap={4}>
              <Text fw={600} size="sm">
                Details
              </Text>
              <Code block>{details}</Code>
            </Stack>
          )}
          <Group>
            {e.actorId !== null && (
              <Button variant="light" onClick={() => props.onFilterUser(e.actorId!)}>
                Show this user’s activity
              </Button>
            )}
            {e.tokenId !== null && (
              <Button variant="light" onClick={() => props.onFilterToken(e.tokenId!)}>
                Show this token’s requests
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Drawer>
  )
}
