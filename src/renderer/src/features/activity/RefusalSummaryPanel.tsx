import { Alert, List, Text } from '@mantine/core'
import type { ActivityEntry } from '../../../../shared/contracts/activity.contract'
import { formatDateTimeSeconds } from '../../lib/time'
import { describeSummary, summaryOf } from './refusal-summary'

const REASONS = {
  unauthenticated: 'not authenticated (401)',
  throttled: 'throttled (429)',
  host: 'wrong Host header (403)',
  origin: 'cross-site browser request (403)',
  network: 'outside the account’s network allowlist (403)',
} as const

/** What a summary entry counts, above the raw fields of the detail panel. */
export function RefusalSummaryPanel(props: { entry: ActivityEntry }) {
  const s = summaryOf(props.entry)
  if (!s) return null
  return (
    <Alert color="orange" title="Summary of refused requests">
      <Text size="sm">{describeSummary(props.entry, s)}</Text>
      <List size="sm" mt="xs">
        <List.Item>Refused as: {REASONS[s.reason] ?? s.reason}</List.Item>
        <List.Item>
          First {formatDateTimeSeconds(s.first)}, last {formatDateTimeSeconds(s.last)}
        </List.Item>
        <List.Item>Route: {s.route}</List.Item>
        <List.Item>Credential fingerprint: {s.fingerprint}</List.Item>
        <List.Item>
          Before counting, {s.individually} of them were recorded one by one (same source,
          credential, status and route, same minute).
        </List.Item>
        {s.user_agents.length > 0 && (
          <List.Item>
            User agents (sample): {s.user_agents.map((ua) => ua || '(none)').join(' · ')}
          </List.Item>
        )}
      </List>
    </Alert>
  )
}
