import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core'
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { LeakFinding } from '../../../../shared/contracts/security.contract'
import { useServiceAccountsStore } from '../service-accounts/service-accounts.store'
import { useSecurityStore } from './security.store'

const STATUS: Record<LeakFinding['status'], { label: string; color: string }> = {
  live: { label: 'Live — reset it now', color: 'red' },
  revoked: { label: 'Already revoked', color: 'gray' },
  not_ours: { label: 'Not ours', color: 'blue' },
  bad_checksum: { label: 'Not a real token (checksum)', color: 'gray' },
}

function FindingRow(props: { finding: LeakFinding; onReset: (userId: number) => void }) {
  const { finding } = props
  const status = STATUS[finding.status]
  return (
    <Table.Tr>
      <Table.Td>
        <code>{finding.display}</code>
      </Table.Td>
      <Table.Td>
        {finding.line}
        {finding.occurrences > 1 ? ` (+${finding.occurrences - 1} more)` : ''}
      </Table.Td>
      <Table.Td>{finding.account ? finding.account.name : '—'}</Table.Td>
      <Table.Td>
        <Badge color={status.color} variant="light">
          {status.label}
        </Badge>
      </Table.Td>
      <Table.Td>
        {finding.status === 'live' && finding.account && !finding.account.deleted && (
          <Button size="xs" color="red" onClick={() => props.onReset(finding.account!.userId)}>
            Reset Token
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  )
}

/**
 * Paste text or pick files; every `tsa_` token in them is matched by hash to its account.
 * The pasted text stays in this dialog only and is dropped when it closes.
 */
export function LeakCheckDialog(props: { opened: boolean; onClose: () => void }) {
  const [text, setText] = useState('')
  const [files, setFiles] = useState<File[]>([])
  const { scanning, findings, scanError, scan, clearScan } = useSecurityStore(
    useShallow((s) => ({
      scanning: s.scanning,
      findings: s.findings,
      scanError: s.scanError,
      scan: s.scan,
      clearScan: s.clearScan,
    })),
  )
  const openDialog = useServiceAccountsStore((s) => s.openDialog)

  const close = () => {
    setText('')
    setFiles([])
    clearScan()
    props.onClose()
  }
  const run = async () => {
    const contents = await Promise.all(files.map((f) => f.text()))
    await scan([text, ...contents].join('\n'))
  }
  const reset = (userId: number) => {
    close()
    openDialog({ kind: 'resetToken', userId })
  }

  return (
    <Modal opened={props.opened} onClose={close} title="Check for leaked tokens" size="xl">
      <Stack>
        <Text size="sm">
          Paste a log, a config file or a chat message, or pick files. Tessera finds every service
          account token in it and tells you whose it is — nothing you paste is stored.
        </Text>
        <Textarea
          label="Text to check"
          autosize
          minRows={4}
          maxRows={12}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <FileInput label="Files to check" multiple clearable value={files} onChange={setFiles} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Close
          </Button>
          <Button
            loading={scanning}
            disabled={!text.trim() && files.length === 0}
            onClick={() => void run()}
          >
            Scan
          </Button>
        </Group>
        {scanError && <Alert color="red">{scanError}</Alert>}
        {findings && findings.length === 0 && (
          <Alert color="green" title="No tokens found">
            Nothing that looks like a Tessera token is in what you checked.
          </Alert>
        )}
        {findings && findings.length > 0 && (
          <Table aria-label="Tokens found">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Token</Table.Th>
                <Table.Th>Line</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {findings.map((f) => (
                <FindingRow key={`${f.display}:${f.line}`} finding={f} onReset={reset} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Modal>
  )
}
