import { Button, Code, Drawer, Group, Stack, Table, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { ActivityEntry, EntryNames } from '../../../../shared/contracts/activity.contract'
import { call } from '../../lib/ipc'
import { formatDateTimeSeconds, zoneOffset } from '../../lib/time'
import { actionSentence, formatDuration } from './admin-actions'
import { MemberLabel, useMemberName } from './member-names'
import { DownloadProofButton } from './DownloadProofButton'
import { RefusalSummaryPanel } from './RefusalSummaryPanel'

function pretty(details: string | null): string | null {
  if (details === null) return null
  try {
    return JSON.stringify(JSON.parse(details), null, 2)
  } catch {
    return details
  }
}

const NO_NAMES: EntryNames = { token: null, project: null, workspace: null }

/** What the entry's token, project and workspace ids name today (ids alone mean little). */
function useEntryNames(e: ActivityEntry | null): EntryNames {
  const [found, setFound] = useState<{ id: number; names: EntryNames } | null>(null)
  const key = e && { tokenId: e.tokenId, projectId: e.projectId, workspaceId: e.workspaceId }
  const wanted = key !== null && (key.tokenId ?? key.projectId ?? key.workspaceId) !== null
  const id = e?.id ?? 0
  useEffect(() => {
    if (!wanted || !key) return
    let live = true
    // A name is a convenience: the ids stay shown when the lookup fails.
    call('activity:names', key).then(
      (names) => live && setFound({ id, names }),
      () => {},
    )
    return () => {
      live = false
    }
    // The entry id decides; `key` is rebuilt on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, wanted])
  return found && found.id === id ? found.names : NO_NAMES
}

/** A name with its id secondary, or the id alone when the thing is gone. */
function Named(props: { name: string | null | undefined; id: number | null; noun: string }) {
  if (props.id === null) return <>—</>
  if (!props.name) return <>{`${props.noun} #${props.id} (no longer exists)`}</>
  return (
    <>
      {props.name}{' '}
      <Text span size="sm" c="dimmed">
        (#{props.id})
      </Text>
    </>
  )
}

/** Everything stored about one entry, and shortcuts to filter by its user or token. */
export function ActivityDetail(props: {
  entry: ActivityEntry | null
  onClose: () => void
  onFilterUser: (userId: number) => void
  onFilterToken: (tokenId: number) => void
}) {
  const e = props.entry
  const names = useEntryNames(e)
  const target = useMemberName(e?.targetUserId ?? null)
  const tokenOwner = useMemberName(names.token?.userId ?? null)
  const tokenName =
    names.token &&
    (tokenOwner && names.token.userId !== e?.actorId
      ? `${names.token.display} of ${tokenOwner}`
      : names.token.display)
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
        ...(e.kind === 'admin'
          ? ([
              [
                'Action',
                actionSentence(e, {
                  target,
                  project: names.project?.title,
                  workspace: names.workspace?.title,
                }),
              ],
            ] as [string, React.ReactNode][])
          : []),
        ['Token', <Named key="token" name={tokenName} id={e.tokenId} noun="Token" />],
        ['Method', e.method ?? '—'],
        ['URL', e.url ? <Code>{e.url}</Code> : '—'],
        ['Status', e.status ?? '—'],
        ['Duration', e.durationMs === null ? '—' : formatDuration(e.durationMs)],
        ['IP', e.ip ?? '—'],
        ['User agent', e.userAgent ?? '—'],
        [
          'Project',
          <Named key="project" name={names.project?.title} id={e.projectId} noun="Project" />,
        ],
        [
          'Workspace',
          <Named key="ws" name={names.workspace?.title} id={e.workspaceId} noun="Workspace" />,
        ],
        ['Action code', e.action ?? '—'],
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
            <DownloadProofButton id={e.id} />
          </Group>
        </Stack>
      )}
    </Drawer>
  )
}
