import { Alert, Badge, Button, Group, Menu, Progress, Switch, Text } from '@mantine/core'
import { useShallow } from 'zustand/react/shallow'
import type { ActivityFilter, ExportFormat } from '../../../../shared/contracts/activity.contract'
import { downloadFrom } from '../../lib/download'
import { isDesktopApp } from '../../lib/ipc'
import { useActivityStore } from './activity.store'

export function downloadUrl(filter: ActivityFilter, format: ExportFormat): string {
  const q = new URLSearchParams({ format, filter: JSON.stringify(filter) })
  return `/rpc/activity/export?${q.toString()}`
}

/** Live tail switch, match count, export and "Verify log". */
export function ActivityToolbar(props: { browserDownload?: boolean }) {
  const s = useActivityStore(
    useShallow((st) => ({
      live: st.live,
      pending: st.pending,
      pendingMore: st.pendingMore,
      filterError: st.filterError,
      count: st.count,
      filter: st.filter,
      exporting: st.exporting,
      exportMessage: st.exportMessage,
      verifying: st.verifying,
      verifyResult: st.verifyResult,
      setLive: st.setLive,
      exportTo: st.exportTo,
      cancelExport: st.cancelExport,
      verify: st.verify,
      select: st.select,
    })),
  )
  // In a browser (serve mode) the export is a download the server streams; the desktop app
  // writes it where its save dialog says.
  const browser = props.browserDownload ?? !isDesktopApp()
  const startExport = (format: ExportFormat) => {
    if (browser) downloadFrom(downloadUrl(s.filter, format))
    else void s.exportTo(format)
  }
  const itemLabel = (format: string) => (browser ? `Download ${format}` : `Save ${format}…`)
  const countText = s.filterError
    ? ''
    : !s.count
      ? 'Counting…'
      : s.count.exact
        ? `${s.count.count.toLocaleString()} ${s.count.count === 1 ? 'entry' : 'entries'}`
        : `More than ${s.count.count.toLocaleString()} entries`

  return (
    <>
      <Group justify="space-between">
        <Group>
          <Switch
            label="Live"
            checked={s.live}
            onChange={(e) => void s.setLive(e.currentTarget.checked)}
            description={s.live ? 'New entries appear as they arrive' : 'Paused'}
          />
          {!s.live && s.pending > 0 && (
            <Badge color="blue" variant="light" role="status">
              {s.pendingMore
                ? `More than ${s.pending.toLocaleString()} new entries waiting`
                : `${s.pending.toLocaleString()} new ${s.pending === 1 ? 'entry' : 'entries'} waiting`}
            </Badge>
          )}
          <Text size="sm" c="dimmed" aria-live="polite">
            {countText}
          </Text>
        </Group>
        <Group>
          <Menu>
            <Menu.Target>
              <Button variant="default" disabled={s.exporting !== null}>
                Export
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Times as ISO 8601, in UTC</Menu.Label>
              <Menu.Item onClick={() => startExport('csv')}>{itemLabel('CSV')}</Menu.Item>
              <Menu.Item onClick={() => startExport('json')}>{itemLabel('JSON')}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Button variant="default" loading={s.verifying} onClick={() => void s.verify()}>
            Verify log
          </Button>
        </Group>
      </Group>
      {s.exporting && (
        <Group role="status" aria-label="Export in progress">
          <Text size="sm">Exporting… {s.exporting.rows.toLocaleString()} entries written</Text>
          <Progress value={100} animated style={{ flex: 1 }} aria-label="Export progress" />
          <Button
            size="xs"
            variant="light"
            color="red"
            disabled={s.exporting.cancelling}
            onClick={() => void s.cancelExport()}
          >
            Cancel export
          </Button>
        </Group>
      )}
      {s.exportMessage && (
        <Text size="sm" role="status">
          {s.exportMessage}
        </Text>
      )}
      {s.verifyResult &&
        (s.verifyResult.intact ? (
          <Alert color="teal" title="Log intact" role="status">
            {s.verifyResult.message}
          </Alert>
        ) : (
          <Alert color="red" title="Log tampered with" role="alert">
            <Group>
              <Text size="sm">{s.verifyResult.message}</Text>
              {s.verifyResult.brokenAt !== null && (
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  onClick={() => void s.select(s.verifyResult!.brokenAt)}
                >
                  Show entry {s.verifyResult.brokenAt}
                </Button>
              )}
            </Group>
          </Alert>
        ))}
    </>
  )
}
