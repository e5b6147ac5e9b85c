import { Alert, Button, Group, List, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { DatabaseCheck, SchemaProblem } from '../../../../shared/contracts/security.contract'
import { notifyError } from '../../lib/errors'
import { call } from '../../lib/ipc'

const WORDS: Record<SchemaProblem['kind'], string> = {
  unknown: 'not made by Tessera',
  changed: 'changed',
  missing: 'missing',
}

/**
 * Settings → Security & backups → Check database: SQLite's integrity, the schema compared with
 * what Tessera's migrations create, and the activity log's hash chain, side by side.
 */
export function DatabaseCheckPanel() {
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<DatabaseCheck | null>(null)

  const run = async () => {
    setBusy(true)
    setResult(null)
    try {
      setResult(await call('security:checkDatabase'))
    } catch (err) {
      notifyError(err, 'The database check did not run')
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" maw={520}>
          Checks that the database file is whole, that its tables, indexes and triggers are exactly
          the ones Tessera creates (nothing added or changed outside Tessera), and that no activity
          entry was edited or removed.
        </Text>
        <Button variant="default" loading={busy} onClick={() => void run()}>
          Check database
        </Button>
      </Group>
      {result && (
        <Stack gap="xs" role="region" aria-label="Database check">
          {result.integrity === 'ok' ? (
            <Alert color="teal" title="Integrity: ok" role="status">
              SQLite's quick check; <code>tessera check</code> runs the full one.
            </Alert>
          ) : (
            <Alert color="red" title="Integrity: damaged" role="alert">
              {result.integrity} Restore a backup with <code>tessera restore --from FILE</code>.
            </Alert>
          )}
          {result.schema.ok ? (
            <Alert color="teal" title="Schema: as Tessera creates it" role="status">
              Schema version {result.schemaVersion}.
            </Alert>
          ) : (
            <Alert color="red" title="Schema: changed outside Tessera" role="alert">
              <List size="sm">
                {result.schema.problems.map((p) => (
                  <List.Item key={`${p.type} ${p.name}`}>
                    {p.type} <code>{p.name}</code> — {WORDS[p.kind]}
                  </List.Item>
                ))}
              </List>
              <Text size="sm" mt="xs">
                Restore a backup you made with Tessera (<code>tessera restore --from FILE</code>).
              </Text>
            </Alert>
          )}
          {result.chain.intact ? (
            <Alert color="teal" title="Activity log: intact" role="status">
              {result.chain.message}
            </Alert>
          ) : (
            <Alert color="red" title="Activity log: broken" role="alert">
              {result.chain.message}
            </Alert>
          )}
        </Stack>
      )}
    </Stack>
  )
}
