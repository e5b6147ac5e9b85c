import { Progress, Stack, Text } from '@mantine/core'
import type { OrganizationOverview } from '../../../../shared/contracts/organization.contract'

/** "1 of 1 included service accounts used", with a bar. */
export function quotaText(
  o: Pick<OrganizationOverview, 'serviceAccountsUsed' | 'serviceAccountQuota'>,
): string {
  const q = o.serviceAccountQuota
  return `${o.serviceAccountsUsed} of ${q} included service account${q === 1 ? '' : 's'} used`
}

export function QuotaSummary(props: { overview: OrganizationOverview }) {
  const { overview } = props
  const pct = overview.serviceAccountQuota
    ? Math.min(100, (overview.serviceAccountsUsed / overview.serviceAccountQuota) * 100)
    : 100
  return (
    <Stack gap={4}>
      <Text size="sm">{quotaText(overview)}</Text>
      <Progress
        value={pct}
        color={pct >= 100 ? 'orange' : 'indigo'}
        aria-label="Service-account quota used"
      />
      <Text size="xs" c="dimmed">
        Service accounts do not use license seats.
        {overview.pendingQuotaRequests > 0 &&
          ` ${overview.pendingQuotaRequests} request${overview.pendingQuotaRequests === 1 ? '' : 's'} for more waiting for the Owner.`}
      </Text>
    </Stack>
  )
}
