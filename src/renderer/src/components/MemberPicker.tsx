import { Group, Select, Stack, Text } from '@mantine/core'
import type { Member } from '../../../shared/contracts/members.contract'
import { ServiceAccountBadge } from './MemberBadges'

/** Picks one member; people and service accounts alike, service accounts marked. */
export function MemberPicker(props: {
  members: Member[]
  value: number | null
  onChange: (userId: number | null) => void
  label?: string
  error?: string
  /** Takes the focus when its dialog opens. */
  autoFocus?: boolean
  /** Why a member cannot be picked here (listed, greyed out, with this hint), or null. */
  unavailable?: (member: Member) => string | null
}) {
  const byId = new Map(props.members.map((m) => [String(m.userId), m]))
  return (
    <Select
      label={props.label ?? 'Add a member'}
      placeholder="Search people and service accounts"
      searchable
      clearable
      data-autofocus={props.autoFocus || undefined}
      data={props.members.map((m) => ({
        value: String(m.userId),
        label:
          m.kind === 'service'
            ? `${m.displayName} (service account)`
            : `${m.displayName} <${m.email}>`,
        disabled: props.unavailable?.(m) != null,
      }))}
      value={props.value === null ? null : String(props.value)}
      onChange={(v) => props.onChange(v === null ? null : Number(v))}
      renderOption={({ option }) => {
        const m = byId.get(option.value)
        const hint = m && props.unavailable?.(m)
        return (
          <Stack gap={0} miw={0}>
            <Group gap="xs" wrap="nowrap" miw={0}>
              <Text size="sm" truncate="end">
                {m?.displayName ?? option.label}
              </Text>
              {m?.kind === 'service' ? (
                <ServiceAccountBadge />
              ) : (
                <Text size="xs" c="dimmed" truncate="end">
                  {m?.email}
                </Text>
              )}
            </Group>
            {hint && (
              <Text size="xs" c="dimmed">
                {hint}
              </Text>
            )}
          </Stack>
        )
      }}
      error={props.error}
      nothingFoundMessage="No member matches"
    />
  )
}
