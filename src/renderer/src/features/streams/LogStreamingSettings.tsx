import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { LogStream } from '../../../../shared/contracts/streams.contract'
import { notifyError, notifySuccess } from '../../lib/errors'
import { formatDateTime } from '../../lib/format'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { AddStreamForm } from './AddStreamForm'
import { selectFailingStreams, useStreamsStore } from './streams.store'

const STATE_COLOR = {
  delivering: 'teal',
  behind: 'yellow',
  failing: 'red',
  paused: 'gray',
} as const

const STATE_WORD = {
  delivering: 'Delivering',
  behind: 'Behind',
  failing: 'Failing',
  paused: 'Paused',
} as const

const KIND_LABEL = { syslog: 'Syslog', otlp: 'OTLP', splunk: 'Splunk HEC', http: 'HTTPS JSON' }

function StreamRow(props: { stream: LogStream; isOwner: boolean }) {
  const { stream: s } = props
  const { test, tested, setPaused } = useStreamsStore(
    useShallow((st) => ({ test: st.test, tested: st.tests[s.id], setPaused: st.setPaused })),
  )
  const [removing, setRemoving] = useState(false)
  const act = (fn: () => Promise<void>, done: string) =>
    void fn().then(
      () => notifySuccess(done),
      (err: unknown) => notifyError(err),
    )
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{s.name}</Text>
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {KIND_LABEL[s.kind]} · {s.url}
          {s.hasSecret
            ? ` · secret ${s.secretStorage === 'safeStorage' ? 'encrypted by the system' : 'in the database file'}`
            : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={STATE_COLOR[s.health.state]} variant="light">
          {STATE_WORD[s.health.state]}
        </Badge>
        {s.health.label !== STATE_WORD[s.health.state] && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {s.health.label}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          Last delivered: entry {s.health.lastDeliveredId}
          {s.health.lastDeliveredAt ? ` at ${formatDateTime(s.health.lastDeliveredAt)}` : ''}
        </Text>
        {s.gap && (
          <Text size="xs" c="red">
            Entries {s.gap.fromId}–{s.gap.toId} were purged by retention before this stream
            delivered them.
          </Text>
        )}
        {tested && tested !== 'sending' && (
          <Text size="xs" c={tested.ok ? 'teal' : 'red'} role="status">
            {tested.message}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {props.isOwner && (
          <Group gap="xs" wrap="nowrap">
            <Button
              size="xs"
              variant="default"
              loading={tested === 'sending'}
              onClick={() => void test(s.id)}
            >
              Send test event
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={() =>
                act(
                  () => setPaused(s.id, !s.paused),
                  `${s.name} ${s.paused ? 'resumed' : 'paused'}`,
                )
              }
            >
              {s.paused ? 'Resume' : 'Pause'}
            </Button>
            <Button size="xs" color="red" variant="light" onClick={() => setRemoving(true)}>
              Remove
            </Button>
          </Group>
        )}
        {removing && <ConfirmRemove stream={s} onClose={() => setRemoving(false)} />}
      </Table.Td>
    </Table.Tr>
  )
}

function ConfirmRemove(props: { stream: LogStream; onClose: () => void }) {
  const remove = useStreamsStore((s) => s.remove)
  return (
    <Modal opened onClose={props.onClose} title={`Remove log stream “${props.stream.name}”?`}>
      <Stack>
        <Text size="sm">
          Delivery to {props.stream.url} stops at once and its secret is deleted. The activity log
          itself is kept.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            onClick={() =>
              void remove(props.stream.id).then(
                () => {
                  notifySuccess(`Log stream “${props.stream.name}” removed`)
                  props.onClose()
                },
                (err: unknown) => notifyError(err),
              )
            }
          >
            Remove stream
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

/** Settings → Log streaming: the organization's streams, their health, and adding one. */
export function LogStreamingSettings() {
  const { streams, max, ceiling, loadError, load } = useStreamsStore(
    useShallow((s) => ({
      streams: s.streams,
      max: s.max,
      ceiling: s.retentionCeilingDays,
      loadError: s.loadError,
      load: s.load,
    })),
  )
  const isOwner = useAuthStore(selectIsOwner)
  const [adding, setAdding] = useState(false)
  useEffect(() => {
    void load()
    const timer = setInterval(() => void load(), 5000)
    return () => clearInterval(timer)
  }, [load])
  return (
    <Paper withBorder p="md" component="section" aria-label="Log streaming">
      <Stack>
        <Title order={2} size="h4">
          Log streaming
        </Title>
        <Text size="sm" c="dimmed">
          Sends every activity entry, in order and with its chain hashes, to your own log pipeline
          (up to {max} streams). Retention keeps entries a stream has not delivered for up to{' '}
          {ceiling} days.
        </Text>
        {loadError && <Alert color="red">{loadError}</Alert>}
        {streams && streams.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" aria-label="Log streams">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Stream</Table.Th>
                  <Table.Th>Health</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {streams.map((s) => (
                  <StreamRow key={s.id} stream={s} isOwner={isOwner} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {streams && streams.length === 0 && <Text size="sm">No log streams.</Text>}
        {isOwner && !adding && (streams?.length ?? 0) < max && (
          <Group>
            <Button variant="default" onClick={() => setAdding(true)}>
              Add a log stream
            </Button>
          </Group>
        )}
        {!isOwner && (
          <Text size="xs" c="dimmed">
            Only the Owner can change log streams.
          </Text>
        )}
        {adding && <AddStreamForm onDone={() => setAdding(false)} />}
      </Stack>
    </Paper>
  )
}

/** The Organization screen's flag for a stream that is failing. */
export function FailingStreamsAlert(props: { onOpenSettings: () => void }) {
  const failing = useStreamsStore(useShallow(selectFailingStreams))
  const load = useStreamsStore((s) => s.load)
  useEffect(() => {
    void load()
  }, [load])
  if (failing.length === 0) return null
  return (
    <Alert
      color="red"
      title={
        failing.length === 1
          ? 'A log stream is failing'
          : `${failing.length} log streams are failing`
      }
    >
      <Stack gap="xs">
        {failing.map((s) => (
          <Text key={s.id} size="sm">
            {s.name}: {s.health.label}
          </Text>
        ))}
        <Group>
          <Button size="xs" variant="default" onClick={props.onOpenSettings}>
            Open Log streaming settings
          </Button>
        </Group>
      </Stack>
    </Alert>
  )
}
