import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { memo } from 'react'
import { ServiceAccountBadge } from '../../components/MemberBadges'
import { formatValue, type MemberReport } from '../../../../shared/contracts/performance.contract'
import { MEMBER_COLORS } from './chart-data'
import { displayValue } from './format'

const CARDS: {
  label: string
  value: (m: MemberReport) => string
  hint?: (m: MemberReport) => string
}[] = [
  {
    label: 'Annotations submitted',
    value: (m) => formatValue(m.annotations.submitted, 'count'),
    hint: (m) => `${m.annotations.skipped} skipped · ${m.annotations.pendingReview} pending review`,
  },
  {
    label: 'Performance score',
    value: (m) => formatValue(m.annotations.score, 'percent'),
    hint: (m) => `over ${m.annotations.scoredAnnotations} reviewed`,
  },
  {
    label: 'Time annotating',
    value: (m) => formatValue(m.annotations.leadTimeSum, 'seconds'),
    hint: (m) => `median ${formatValue(m.annotations.leadTimeMedian, 'seconds')}`,
  },
  {
    label: 'Reviews given',
    value: (m) => formatValue(m.reviews.total, 'count'),
    hint: (m) => `${formatValue(m.reviews.timeReviewing, 'seconds')} reviewing`,
  },
  {
    label: 'API requests',
    value: (m) => formatValue(m.api.requests, 'count'),
    hint: (m) => `${m.api.errors4xx} 4xx · ${m.api.errors5xx} 5xx`,
  },
  {
    label: 'Latency p50 / p95',
    value: (m) => `${formatValue(m.api.latencyP50, 'ms')} / ${formatValue(m.api.latencyP95, 'ms')}`,
    hint: (m) => (m.api.latencyExact ? 'exact' : 'from the hourly histogram (±5 %)'),
  },
  { label: 'Imports / predictions', value: (m) => `${m.api.imports} / ${m.api.predictions}` },
  {
    label: 'Last active',
    value: (m) => displayValue(m.api.lastActive, 'time'),
    hint: (m) => (m.api.lastToken ? `token ${m.api.lastToken.display}` : 'no token used'),
  },
]

/** The headline figures of each member (or of the organization); `--` is "no data". */
export const SummaryCards = memo(function SummaryCards(props: { members: MemberReport[] }) {
  return (
    <Stack gap="md">
      {props.members.map((m, i) => (
        <section key={m.subject.userId ?? 'org'} aria-label={`Summary for ${m.subject.name}`}>
          <Group gap="xs" mb={6}>
            {props.members.length > 1 && (
              // The member's colour in every chart.
              <span
                aria-hidden="true"
                data-member-color={MEMBER_COLORS[i % MEMBER_COLORS.length]}
                style={{
                  width: 10,
                  height: 10,
                  background: MEMBER_COLORS[i % MEMBER_COLORS.length],
                }}
              />
            )}
            <Title order={2} size="h5">
              {m.subject.name}
            </Title>
            {m.subject.isService && <ServiceAccountBadge />}
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
            {CARDS.map((c) => (
              <Card key={c.label} withBorder padding="xs">
                <Text size="xs" c="dimmed">
                  {c.label}
                </Text>
                <Text fw={700} size="lg" data-card={c.label}>
                  {c.value(m)}
                </Text>
                {c.hint && (
                  <Text size="xs" c="dimmed">
                    {c.hint(m)}
                  </Text>
                )}
              </Card>
            ))}
          </SimpleGrid>
        </section>
      ))}
    </Stack>
  )
})
