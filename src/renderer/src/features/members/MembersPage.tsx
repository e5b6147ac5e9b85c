import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core'
import { useEffect, useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Member } from '../../../../shared/contracts/members.contract'
import { ErrorView } from '../../components/ErrorView'
import { AddPersonDialog } from './AddPersonDialog'
import { ChangeMemberRoleDialog } from './ChangeMemberRoleDialog'
import { MemberFiltersBar } from './MemberFiltersBar'
import { MembersTable } from './MembersTable'
import { filterMembers, useMembersStore } from './members.store'

/** Everyone in the organization, with search, filters, and person management. */
export function MembersPage() {
  const { members, filters, loading, loadError, load } = useMembersStore(
    useShallow((s) => ({
      members: s.members,
      filters: s.filters,
      loading: s.loading,
      loadError: s.loadError,
      load: s.load,
    })),
  )
  const [adding, setAdding] = useState(false)
  const [changing, setChanging] = useState<Member | null>(null)
  const shown = useMemo(() => filterMembers(members, filters), [members, filters])
  useEffect(() => {
    void load()
  }, [load])

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Members
        </Title>
        <Button onClick={() => setAdding(true)}>Add person</Button>
      </Group>
      <MemberFiltersBar />
      {loadError ? (
        <ErrorView message={loadError} onRetry={() => void load()} />
      ) : loading && members.length === 0 ? (
        <Loader aria-label="Loading members" />
      ) : shown.length === 0 ? (
        <Text c="dimmed">No member matches these filters.</Text>
      ) : (
        <MembersTable members={shown} onChangeRole={setChanging} />
      )}
      <Text size="xs" c="dimmed">
        {shown.length} of {members.length} members shown
      </Text>
      <AddPersonDialog opened={adding} onClose={() => setAdding(false)} />
      {changing && <ChangeMemberRoleDialog member={changing} onClose={() => setChanging(null)} />}
    </Stack>
  )
}
