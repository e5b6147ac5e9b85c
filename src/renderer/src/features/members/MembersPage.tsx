import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core'
import { useEffect, useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Member } from '../../../../shared/contracts/members.contract'
import { EmptyState } from '../../components/EmptyState'
import { ErrorView } from '../../components/ErrorView'
import { AddPersonDialog } from './AddPersonDialog'
import { ChangeMemberRoleDialog } from './ChangeMemberRoleDialog'
import { MemberFiltersBar } from './MemberFiltersBar'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { InviteToSignInDialog } from './InviteToSignInDialog'
import { DeactivateMemberDialog, ReactivateMemberDialog } from './MemberStatusDialogs'
import { MembersTable } from './MembersTable'
import { filterMembers, initialMembersState, useMembersStore } from './members.store'

/** Everyone in the organization, with search, filters, and person management. */
export function MembersPage() {
  const { members, filters, loading, loadError, load, setFilters } = useMembersStore(
    useShallow((s) => ({
      members: s.members,
      filters: s.filters,
      loading: s.loading,
      loadError: s.loadError,
      load: s.load,
      setFilters: s.setFilters,
    })),
  )
  const [adding, setAdding] = useState(false)
  const [changing, setChanging] = useState<Member | null>(null)
  const [deactivating, setDeactivating] = useState<Member | null>(null)
  const [reactivating, setReactivating] = useState<Member | null>(null)
  const [inviting, setInviting] = useState<Member | null>(null)
  const isOwner = useAuthStore(selectIsOwner)
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
      ) : members.length === 0 ? (
        <EmptyState
          title="No members yet"
          message="Add the people who label, review and manage your projects."
          action={<Button onClick={() => setAdding(true)}>Add the first person</Button>}
        />
      ) : shown.length === 0 ? (
        <EmptyState
          title="No member matches these filters"
          message="Try another search, role or type."
          action={
            <Button variant="default" onClick={() => setFilters(initialMembersState.filters)}>
              Clear filters
            </Button>
          }
        />
      ) : (
        <MembersTable
          members={shown}
          onChangeRole={setChanging}
          onDeactivate={setDeactivating}
          onReactivate={setReactivating}
          onInviteToSignIn={isOwner ? setInviting : undefined}
        />
      )}
      <Text size="xs" c="dimmed">
        {shown.length} of {members.length} members shown
      </Text>
      <AddPersonDialog opened={adding} onClose={() => setAdding(false)} />
      {changing && <ChangeMemberRoleDialog member={changing} onClose={() => setChanging(null)} />}
      {deactivating && (
        <DeactivateMemberDialog member={deactivating} onClose={() => setDeactivating(null)} />
      )}
      {inviting && <InviteToSignInDialog member={inviting} onClose={() => setInviting(null)} />}
      {reactivating && (
        <ReactivateMemberDialog member={reactivating} onClose={() => setReactivating(null)} />
      )}
    </Stack>
  )
}
