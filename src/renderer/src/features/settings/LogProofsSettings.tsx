import { Alert, Code, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { CheckpointInfo, ProofStatus } from '../../../../shared/contracts/activity.contract'
import { messageOf } from '../../lib/errors'
import { call } from '../../lib/ipc'
import { formatDateTimeSeconds } from '../../lib/time'

/**
 * Settings → Activity log proofs: the checkpoint signing key's fingerprint (what an auditor
 * compares before trusting a proof), the anchor file, and the newest signed checkpoints. The
 * anchor file is set with `tessera activity anchor --set FILE`: the page names no file on the
 * machine that runs Tessera.
 */
export function LogProofsSettings() {
  const [state, setState] = useState<{ status: ProofStatus; checkpoints: CheckpointInfo[] } | null>(
    null,
  )
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    Promise.all([
      call('activity:proofStatus', {}),
      call('activity:checkpoints', { limit: 5 }),
    ]).then(
      ([status, checkpoints]) => live && setState({ status, checkpoints }),
      (err: unknown) => live && setError(messageOf(err)),
    )
    return () => {
      live = false
    }
  }, [])
  return (
    <Paper withBorder p="md" component="section" aria-label="Activity log proofs">
      <Stack>
        <Title order={2} size="h4">
          Activity log proofs
        </Title>
        {error && <Alert color="red">{error}</Alert>}
        {!state && !error && <Loader size="sm" aria-label="Loading activity log proofs" />}
        {state && <ProofStatusView status={state.status} checkpoints={state.checkpoints} />}
      </Stack>
    </Paper>
  )
}

function ProofStatusView(props: { status: ProofStatus; checkpoints: CheckpointInfo[] }) {
  const s = props.status
  if (!s.keyed) {
    return (
      <Alert color="yellow" title="No activity log key">
        This Tessera holds no activity log key: new entries are chained with plain SHA-256, which
        anyone who can write the database can recompute, and no checkpoint is signed.
      </Alert>
    )
  }
  return (
    <Stack gap="sm">
      <Text size="sm">
        Entries are chained with HMAC-SHA-256 under this installation’s key, and signed checkpoints
        of the log’s Merkle tree are written every 10,000 entries and at least hourly. The key is
        kept outside the database and its backups.
      </Text>
      <Table withRowBorders={false} aria-label="Checkpoint signing key">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row" w={180}>
              Public key fingerprint
            </Table.Th>
            <Table.Td>
              <Code>{s.fingerprint}</Code>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Verifier key</Table.Th>
            <Table.Td style={{ wordBreak: 'break-all' }}>
              <Code>{s.verifierKey}</Code>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Anchor file</Table.Th>
            <Table.Td>
              {s.anchorPath ? (
                <Code>{s.anchorPath}</Code>
              ) : (
                <Text size="sm">
                  None. Keep checkpoints on another disk with{' '}
                  <Code>tessera activity anchor --set FILE</Code>.
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Merkle tree</Table.Th>
            <Table.Td>
              {s.treeSize.toLocaleString()} entries (after entry {s.treeBase}),{' '}
              {s.checkpointCount.toLocaleString()} signed checkpoints
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {props.checkpoints.length > 0 && (
        <Table aria-label="Newest checkpoints" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Checkpoint</Table.Th>
              <Table.Th>Signed</Table.Th>
              <Table.Th>Entries</Table.Th>
              <Table.Th>Up to entry</Table.Th>
              <Table.Th>Root</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.checkpoints.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.id}</Table.Td>
                <Table.Td>{formatDateTimeSeconds(c.time)}</Table.Td>
                <Table.Td>{c.treeSize.toLocaleString()}</Table.Td>
                <Table.Td>{c.lastId}</Table.Td>
                <Table.Td>
                  <Code>{c.root.slice(0, 16)}…</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
