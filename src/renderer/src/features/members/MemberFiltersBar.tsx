import { Group, SegmentedControl, Select, TextInput } from '@mantine/core'
import { useShallow } from 'zustand/react/shallow'
import { ROLES, ROLE_LABELS, type Role } from '../../../../shared/roles'
import { useMembersStore } from './members.store'

const KIND_OPTIONS = [
  { value: 'all', label: 'Everyone' },
  { value: 'human', label: 'People' },
  { value: 'service', label: 'Service accounts' },
]

/** Search by name or email; filter by role and by type (people / service accounts). */
export function MemberFiltersBar() {
  const { filters, setFilters } = useMembersStore(
    useShallow((s) => ({ filters: s.filters, setFilters: s.setFilters })),
  )
  return (
    <Group align="flex-end">
      <TextInput
        label="Search members"
        placeholder="Name or email"
        value={filters.search}
        onChange={(e) => setFilters({ search: e.currentTarget.value })}
      />
      <Select
        label="Role"
        placeholder="Any role"
        clearable
        data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        value={filters.role}
        onChange={(v) => setFilters({ role: (v as Role | null) ?? null })}
      />
      <SegmentedControl
        aria-label="Member type"
        data={KIND_OPTIONS}
        value={filters.kind ?? 'all'}
        onChange={(v) => setFilters({ kind: v === 'all' ? null : (v as 'human' | 'service') })}
      />
    </Group>
  )
}
