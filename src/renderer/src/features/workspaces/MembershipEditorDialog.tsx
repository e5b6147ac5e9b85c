import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { Member } from '../../../../shared/contracts/members.contract'
import { ServiceAccountBadge } from '../../components/MemberBadges'
import { MemberPicker } from '../../components/MemberPicker'
import { TruncatedText } from '../../components/TruncatedText'
import { messageOf } from '../../lib/errors'
import { call } from '../../lib/ipc'
import { useMembersStore } from '../members/members.store'
import type { DeleteTarget } from './DeleteContainerDialog'
import { useWorkspacesStore } from './workspaces.store'

/**
 * Administrator service accounts reach every workspace and project and take no membership (the
 * engine refuses one): list them, so nobody wonders where they went, but not as a choice.
 */
const administratorAccount = (m: Member) =>
  m.kind === 'service' && m.role === 'AD'
    ? 'Administrator: already has access to everything, no membership needed'
    : null

type Target = Omit<DeleteTarget, 'title'> & { title: string }

const channels = {
  workspace: {
    list: 'workspaces:members',
    add: 'workspaces:addMember',
    remove: 'workspaces:removeMember',
  },
  project: { list: 'projects:members', add: 'projects:addMember', remove: 'projects:removeMember' },
} as const

/** Who belongs to a workspace or project; people and service accounts are added alike. */
export function MembershipEditorDialog(props: { target: Target; onClose: () => void }) {
  const { target } = props
  const ch = channels[target.kind]
  const everyone = useMembersStore((s) => s.members)
  const loadMembers = useMembersStore((s) => s.load)
  const [current, setCurrent] = useState<Member[]>([])
  const [pick, setPick] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    void loadMembers()
    call(ch.list, { id: target.id })
      .then((members) => live && setCurrent(members))
      .catch((e: unknown) => live && setError(messageOf(e)))
    return () => {
      live = false
    }
  }, [loadMembers, ch.list, target.id])

  const change = async (kind: 'add' | 'remove', userId: number) => {
    setError(null)
    try {
      setCurrent(await call(ch[kind], { id: target.id, userId }))
      if (kind === 'add') setPick(null)
      void useWorkspacesStore.getState().load()
    } catch (e) {
      setError(messageOf(e))
    }
  }

  const ids = new Set(current.map((m) => m.userId))
  const candidates = everyone.filter((m) => !ids.has(m.userId) && !m.deleted && m.role !== 'DI')

  return (
    <Modal opened onClose={props.onClose} title={`Members of ${target.title}`} size="lg">
      <Stack>
        <Group align="flex-end">
          <div style={{ flex: 1 }}>
            <MemberPicker
              members={candidates}
              value={pick}
              onChange={setPick}
              unavailable={administratorAccount}
              autoFocus
            />
          </div>
          <Button disabled={pick === null} onClick={() => pick !== null && change('add', pick)}>
            Add
          </Button>
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {current.length === 0 ? (
          <Text size="sm" c="dimmed">
            No members yet. Pick a person or a service account above and choose Add.
          </Text>
        ) : (
          <List listStyleType="none" spacing="xs" aria-label="Current members">
            {current.map((m) => (
              <List.Item key={m.userId}>
                <Group gap="xs" wrap="nowrap">
                  <TruncatedText size="sm" maw={360} miw={0}>
                    {m.displayName}
                  </TruncatedText>
                  {m.kind === 'service' && <ServiceAccountBadge />}
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${m.displayName}`}
                    onClick={() => change('remove', m.userId)}
                  >
                    Remove
                  </Button>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
