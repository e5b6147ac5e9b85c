import { Badge, Group, Text } from '@mantine/core'
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { Member } from '../../../../shared/contracts/members.contract'
import { call } from '../../lib/ipc'

const MemberNames = createContext<ReadonlyMap<number, Member>>(new Map())

/**
 * Names the people and service accounts the log mentions. The log stores ids and the email at
 * the time; a service account's email is synthetic, so the viewer shows its name instead.
 */
export function MemberNamesProvider(props: { children: ReactNode }) {
  const [names, setNames] = useState<ReadonlyMap<number, Member>>(new Map())
  useEffect(() => {
    let live = true
    call('members:list').then(
      (members) => live && setNames(new Map(members.map((m) => [m.userId, m]))),
      () => {},
    )
    return () => {
      live = false
    }
  }, [])
  return <MemberNames.Provider value={names}>{props.children}</MemberNames.Provider>
}

/** The member's name (or the recorded email when unknown), marked when it is a service account. */
export function MemberLabel(props: { userId: number | null; email?: string | null }) {
  const member = useContext(MemberNames).get(props.userId ?? -1)
  if (!member) return <>{props.email ?? (props.userId === null ? '—' : `user #${props.userId}`)}</>
  const name = member.kind === 'service' ? member.displayName : member.email
  return (
    <Group gap={4} wrap="nowrap" component="span" style={{ minWidth: 0 }}>
      <Text span size="sm" truncate title={member.email}>
        {name}
      </Text>
      {member.kind === 'service' && (
        <Badge size="xs" variant="light" color="grape" title="Service account">
          SA
        </Badge>
      )}
    </Group>
  )
}
