import { Radio, Stack } from '@mantine/core'
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type ServiceAccountRole } from '../../../../shared/roles'

/** The organization roles a service account can take, each with its one-line meaning. */
export function RoleRadioGroup(props: {
  roles: readonly ServiceAccountRole[]
  value: ServiceAccountRole | null
  onChange: (role: ServiceAccountRole) => void
  error?: string
}) {
  return (
    <Radio.Group
      label="Role"
      withAsterisk
      value={props.value}
      onChange={(v) => props.onChange(v as ServiceAccountRole)}
      error={props.error}
    >
      <Stack gap="xs" mt="xs">
        {props.roles.map((r) => (
          <Radio key={r} value={r} label={ROLE_LABELS[r]} description={ROLE_DESCRIPTIONS[r]} />
        ))}
      </Stack>
    </Radio.Group>
  )
}
