import { Group, Select, Text } from '@mantine/core'
import type { Member } from '../../../shared/contracts/members.contract'
import { ServiceAccountBadge } from './MemberBadges'

/** Picks one member; people and service accounts alike, service accounts marked. */
export function MemberPicker(props: {
  members: Member[]
  value: number | null
  onChange: (userId: number | null) => void
  label?: string
  error?: string
}) {
  const byId = new Map(props.members.map((m) => [String(m.userId), m]))
  return (
    <Select
      label={props.label ?? 'Add a member'}
      placeholder="Search people and service accounts"
      searchable
      clearable
      data={props.members.map((m) => ({
        value: String(m.userId),
        label:
          m.kind === 'service'
            ? `${m.displayName} (service account)`
            : `${m.displayName} <${m.email}>`,
      }))}
      value={props.value === null ? null : String(props.value)}
      onChange={(v) => props.onChange(v === null ? null : Number(v))}
      renderOption={({ option }) => {
        const m = byId.get(option.value)
        return (
          <Group gap="xs" wrap="nowrap">
            <Text size="sm">{m?.displayName ?? option.label}</Text>
            {m?.kind === 'service' ? (
              <ServiceAccountBadge />
            ) : (
              <Text size="xs" c="dimmed">
                {m?.email}
              </Text>
            )}
          </Group>
        )
      }}
      error={props.error}
      nothingFoundMessage="No member matches"
    />
  )
}
