import { Badge } from '@mantine/core'
import { ROLE_LABELS, type Role } from '../../../shared/roles'

/** Marks a service account wherever members are listed or picked. */
export function ServiceAccountBadge() {
  return (
    <Badge size="xs" variant="light" color="grape" miw="max-content">
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

export function RoleBadge(props: { role: Role; size?: 'sm' | 'md' }) {
  return (
    <Badge
      variant="outline"
      color={ROLE_COLORS[props.role]}
      miw="max-content"
      size={props.size ?? 'md'}
    >
      {ROLE_LABELS[props.role]}
    </Badge>
  )
}
