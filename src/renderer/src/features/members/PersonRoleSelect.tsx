import { Select } from '@mantine/core'
import { PERSON_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS } from '../../../../shared/roles'
import type { PersonRole } from './members.store'

const PERSON_ROLE_OPTIONS = PERSON_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))

/** The role picker for people, with the chosen role's one-line explanation under it. */
export function PersonRoleSelect(props: {
  value: PersonRole
  onChange: (role: PersonRole) => void
  error?: string
}) {
  return (
    <Select
      label="Role"
      data={PERSON_ROLE_OPTIONS}
      value={props.value}
      onChange={(v) => v && props.onChange(v as PersonRole)}
      allowDeselect={false}
      description={ROLE_DESCRIPTIONS[props.value]}
      error={props.error}
    />
  )
}
