import { Badge } from '@mantine/core'
import { ROLE_LABELS, type Role } from '../../../shared/roles'

// Roles and the service-account mark use the theme's one badge style (light, 11 px); only the
// colour tells them apart at a glance, and every colour reads at 4.5:1 in both themes.

/** Marks a service account wherever members are listed or picked. */
export function ServiceAccountBadge() {
  return (
    <Badge color="grape" miw="max-content">
      Service account
    </Badge>
  )
}

const ROLE_COLORS: Record<Role, string> = {
  OW: 'violet',
  AD: 'red',
  MA: 'orange',
  RE: 'blue',
  AN: 'teal',
  NO: 'gray',
  DI: 'gray',
}

export function RoleBadge(props: { role: Role }) {
  return (
    <Badge color={ROLE_COLORS[props.role]} miw="max-content">
      {ROLE_LABELS[props.role]}
    </Badge>
  )
}
