import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { notifyError, notifySuccess } from '../../lib/errors'
import { call } from '../../lib/ipc'
import { downloadText } from './download'
import { useSecurityStore } from './security.store'

const formatBytes = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 ** 2).toFixed(1)} MB`

/** Settings → Security & backups: the audit CSV and an online backup. */
export function SecurityPanel() {
  const [path, setPath] = useState('')
  const [reportBusy, setReportBusy] = useState(false)
  const { backingUp, lastBackup, backupError, backup } = useSecurityStore(
    useShallow((s) => ({
      backingUp: s.backingUp,
      lastBackup: s.lastBackup,
      backupError: s.backupError,
      backup: s.backup,
    })),
  )

  const report = async () => {
    setReportBusy(true)
    try {
      const { csv, filename } = await call('security:credentialReport')
      downloadText(filename, csv)
      notifySuccess(`Saved ${filename}`)
    } catch (err) {
      notifyError(err, 'The credential report was not created')
    } finally {
      setReportBusy(false)
    }
  }

  const runBackup = async () => {
    const result = await backup(path)
    if (result) {
      notifySuccess(`Backed up to ${result.path}`)
    }
  }

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Text size="sm" maw={520}>
          The credential report lists every service account with its role, assignments, token age,
          last use and status — a CSV for audits. It never contains a token.
        </Text>
        <Button variant="default" loading={reportBusy} onClick={() => void report()}>
          Download credential report
        </Button>
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Backup file"
          description="Full path on this computer, for example /home/me/backups/tessera-2026-11-29.db"
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
          error={backupError}
          style={{ flex: 1 }}
        />
        <Button loading={backingUp} disabled={!path.trim()} onClick={() => void runBackup()}>
          Back up now
        </Button>
      </Group>
      {lastBackup && (
        <Alert color="green" title="Backup complete">
          {lastBackup.path} — {formatBytes(lastBackup.bytes)} in {lastBackup.ms} ms. The API kept
          serving while it ran. Restore with <code>tessera restore --from FILE</code> while Tessera
          is stopped.
        </Alert>
      )}
    </Stack>
  )
}
