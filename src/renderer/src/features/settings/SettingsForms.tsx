import { Checkbox, Code, Group, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import {
  RETENTION_DAYS,
  type OrganizationOverview,
  type RetentionPreview,
  type SettingsPatch,
} from '../../../../shared/contracts/organization.contract'
import { call } from '../../lib/ipc'
import { CopyValueButton } from '../../components/CopyValueButton'
import { ConfirmRetentionDialog } from './ConfirmRetentionDialog'
import { SettingsSection } from './SettingsSection'

const num = (v: number | string) => (typeof v === 'number' ? v : Number(v))

function portOf(url: string | null): number | null {
  if (!url) return null
  try {
    const u = new URL(url)
    return Number(u.port || (u.protocol === 'https:' ? 443 : 80))
  } catch {
    return null
  }
}

export function AccessTokensSettings(props: { overview: OrganizationOverview }) {
  const s = props.overview.settings
  const [apiKeys, setApiKeys] = useState(s.apiKeysEnabled)
  const [pats, setPats] = useState(s.patsEnabled)
  const [unlimited, setUnlimited] = useState(s.tokenMaxLifetimeDays === null)
  const [days, setDays] = useState<number | string>(s.tokenMaxLifetimeDays ?? 90)
  return (
    <SettingsSection
      title="Access tokens"
      fields={['apiKeysEnabled', 'patsEnabled', 'tokenMaxLifetimeDays']}
      validate={() => ({
        tokenMaxLifetimeDays:
          !unlimited && days === '' ? 'Enter a number of days, or tick No maximum' : undefined,
      })}
      patch={() => ({
        apiKeysEnabled: apiKeys,
        patsEnabled: pats,
        tokenMaxLifetimeDays: unlimited ? null : num(days),
      })}
    >
      {(errors) => (
        <>
          <Switch
            label="API keys (legacy tokens)"
            description="When off, every API key stops authenticating at once."
            checked={apiKeys}
            onChange={(e) => setApiKeys(e.currentTarget.checked)}
            error={errors.apiKeysEnabled}
          />
          <Switch
            label="Personal access tokens (JWT refresh tokens)"
            checked={pats}
            onChange={(e) => setPats(e.currentTarget.checked)}
            error={errors.patsEnabled}
          />
          <Group align="flex-end">
            <NumberInput
              label="Maximum token lifetime (days)"
              min={1}
              max={3650}
              allowDecimal={false}
              disabled={unlimited}
              value={days}
              onChange={setDays}
              error={errors.tokenMaxLifetimeDays}
            />
            <Checkbox
              label="No maximum"
              checked={unlimited}
              onChange={(e) => setUnlimited(e.currentTarget.checked)}
            />
          </Group>
        </>
      )}
    </SettingsSection>
  )
}

export function LocalApiSettings(props: { overview: OrganizationOverview }) {
  const s = props.overview.settings
  const [enabled, setEnabled] = useState(s.apiEnabled)
  const [host, setHost] = useState(s.apiHost)
  const [port, setPort] = useState<number | string>(s.apiPort)
  const url = props.overview.apiUrl
  const runningPort = portOf(url)
  // Only the desktop knows why the API is elsewhere; serve mode leaves this out.
  const status = props.overview.apiStatus
  return (
    <SettingsSection
      title="Local API"
      fields={['apiEnabled', 'apiHost', 'apiPort']}
      validate={() => ({
        apiHost: host.trim() ? undefined : 'Enter an address, for example 127.0.0.1',
        apiPort: port === '' ? 'Enter a port, or 0 for any free port' : undefined,
      })}
      patch={() => ({ apiEnabled: enabled, apiHost: host, apiPort: num(port) })}
    >
      {(errors) => (
        <>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Base URL
            </Text>
            {url ? (
              <>
                <Group>
                  <Code aria-label="Local API base URL">{url}</Code>
                  <CopyValueButton value={url} label="Copy URL" />
                </Group>
                {status?.movedFrom !== undefined ? (
                  <Text size="sm" role="status">
                    The API moved to port {runningPort} because {status.movedFrom} is in use.
                  </Text>
                ) : (
                  runningPort !== null &&
                  runningPort !== s.apiPort &&
                  s.apiPort !== 0 && (
                    <Text size="xs" c="dimmed">
                      Listening on port {runningPort}, not the saved {s.apiPort}: that port was
                      taken, or Tessera was started with another port.
                    </Text>
                  )
                )}
              </>
            ) : (
              <Text size="sm" c="dimmed" role={status?.error ? 'alert' : undefined}>
                {status?.error
                  ? `The local API is not running: it ${status.error}.`
                  : 'The local API is not running.'}
              </Text>
            )}
          </Stack>
          <Switch
            label="Run the local API"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            error={errors.apiEnabled}
          />
          <Group grow align="flex-end">
            <TextInput
              label="Address"
              description="127.0.0.1 keeps it on this machine; anything else is reachable from the network."
              value={host}
              onChange={(e) => setHost(e.currentTarget.value)}
              error={errors.apiHost}
            />
            <NumberInput
              label="Port"
              description="0 picks a free port"
              min={0}
              max={65535}
              allowDecimal={false}
              value={port}
              onChange={setPort}
              error={errors.apiPort}
            />
          </Group>
        </>
      )}
    </SettingsSection>
  )
}

/** Checks a retention period as typed; the engine refuses the same values. */
function retentionProblem(days: number | string): string | undefined {
  if (days === '') return 'Enter a number of days'
  const d = num(days)
  if (!Number.isInteger(d) || d < RETENTION_DAYS.min || d > RETENTION_DAYS.max) {
    return `Enter ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} days`
  }
  return undefined
}

export function RetentionSettings(props: { overview: OrganizationOverview }) {
  const saved = props.overview.settings.activityRetentionDays
  const [days, setDays] = useState<number | string>(saved)
  const [touched, setTouched] = useState(false)
  const [asking, setAsking] = useState<{
    preview: RetentionPreview
    answer: (ok: boolean) => void
  } | null>(null)
  // A shorter period deletes history: count what would go, and ask, before saving anything.
  const confirm = async (patch: SettingsPatch): Promise<boolean> => {
    const next = patch.activityRetentionDays
    if (next === undefined || next >= saved) return true
    const preview = await call('org:retentionPreview', { days: next })
    if (preview.toDelete === 0) return true
    return new Promise<boolean>((resolve) =>
      setAsking({
        preview,
        answer: (ok) => {
          setAsking(null)
          resolve(ok)
        },
      }),
    )
  }
  return (
    <SettingsSection
      title="Activity retention"
      fields={['activityRetentionDays']}
      validate={() => ({ activityRetentionDays: retentionProblem(days) })}
      confirm={confirm}
      patch={() => ({ activityRetentionDays: num(days) })}
    >
      {(errors) => (
        <>
          <NumberInput
            maw={320}
            label="Keep activity entries for (days)"
            description={`${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} days. Older entries are purged; the log stays verifiable.`}
            allowDecimal={false}
            // Never clamp: 0 quietly becoming 1 day would purge almost the whole log.
            clampBehavior="none"
            value={days}
            onChange={(v) => {
              setDays(v)
              setTouched(true)
            }}
            // Checked as typed, so the message goes as soon as the value is fixed.
            error={touched ? retentionProblem(days) : errors.activityRetentionDays}
          />
          {asking && (
            <ConfirmRetentionDialog
              preview={asking.preview}
              from={saved}
              onConfirm={() => asking.answer(true)}
              onCancel={() => asking.answer(false)}
            />
          )}
        </>
      )}
    </SettingsSection>
  )
}
