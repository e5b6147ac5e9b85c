import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { notifyError, notifySuccess } from '../../lib/errors'
import { call, isDesktopApp } from '../../lib/ipc'
import { DatabaseCheckPanel } from './DatabaseCheckPanel'
import { downloadFrom } from '../../lib/download'
import { BACKUP_DOWNLOAD_URL, downloadText } from './download'
import { useSecurityStore } from './security.store'

const formatBytes = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 ** 2).toFixed(1)} MB`

/**
 * Settings → Security & backups: the audit CSV and an online backup. In the desktop app both
 * go through the native save dialog; in a browser both are downloads. No file path is ever
 * typed: the page cannot name a file on the machine that runs Tessera.
 */
export function SecurityPanel(props: { desktop?: boolean }) {
  const desktop = props.desktop ?? isDesktopApp()
  const [reportBusy, setReportBusy] = useState(false)
  const [downloading, setDownloading] = useState(false)
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
      const out = await call('security:credentialReport')
      if (out.cancelled) return
      if (out.path) {
        notifySuccess(`Saved ${out.path}`)
      } else {
        downloadText(out.filename, out.csv)
        notifySuccess(`Saved ${out.filename}`)
      }
    } catch (err) {
      notifyError(err, 'The credential report was not created')
    } finally {
      setReportBusy(false)
    }
  }

  const runBackup = async () => {
    const result = await backup()
    if (result) {
      notifySuccess(`Backed up to ${result.path}`)
    }
  }

  const downloadBackup = () => {
    downloadFrom(BACKUP_DOWNLOAD_URL)
    setDownloading(true)
  }

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Text size="sm" maw={520}>
          The credential report lists every service account with its role, assignments, token age,
          last use and status — a CSV for audits. It never contains a token.
        </Text>
        <Button variant="default" loading={reportBusy} onClick={() => void report()}>
          {desktop ? 'Save credential report…' : 'Download credential report'}
        </Button>
      </Group>
      <Group justify="space-between" align="flex-end">
        <Text size="sm" maw={520}>
          A backup is a consistent copy of the whole database, made while the API keeps serving.
        </Text>
        {desktop ? (
          <Button loading={backingUp} onClick={() => void runBackup()}>
            Back up now…
          </Button>
        ) : (
          <Button onClick={downloadBackup}>Download backup</Button>
        )}
      </Group>
      {desktop && backupError && (
        <Alert color="red" title="The backup was not made">
          {backupError}
        </Alert>
      )}
      {!desktop && downloading && (
        <Alert color="blue" title="Backup downloading">
          Your browser saves the backup (tessera-backup-….db) where it keeps downloads. It holds
          password hashes and the activity log: keep it somewhere private. Restore with{' '}
          <code>tessera restore --from FILE</code> while Tessera is stopped.
        </Alert>
      )}
      {desktop && lastBackup && (
        <Alert color="green" title="Backup complete">
          {lastBackup.path} — {formatBytes(lastBackup.bytes)} in {lastBackup.ms} ms. The API kept
          serving while it ran. If the database ever cannot be opened, Tessera offers to restore it
          from this file.
        </Alert>
      )}
      <DatabaseCheckPanel />
    </Stack>
  )
}
