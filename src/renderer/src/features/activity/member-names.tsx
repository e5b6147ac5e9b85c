import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { Member } from '../../../../shared/contracts/members.contract'
import { call } from '../../lib/ipc'
import css from './ActivityTable.module.css'

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

/**
 * Class names of a small light badge (the look of Mantine's `Badge variant="light"`) for the
 * table's rows, where a Mantine component per cell costs too much while scrolling. `color` is
 * one of the theme colors ActivityTable.module.css has a class for, or `primary`.
 */
export function badgeClass(color: string, size: 'xs' | 'sm'): string {
  return `${css.badge} ${size === 'xs' ? css.badgeXs : ''} ${css[color] ?? css.gray}`
}

/** The name the viewer shows for a member (a service account's name, a person's email). */
export function useMemberName(userId: number | null): string | null {
  const member = useContext(MemberNames).get(userId ?? -1)
  if (!member) return null
  return member.kind === 'service' ? member.displayName : member.email
}

/** The member's name (or the recorded email when unknown), marked when it is a service account. */
export function MemberLabel(props: { userId: number | null; email?: string | null }) {
  const member = useContext(MemberNames).get(props.userId ?? -1)
  if (!member) return <>{props.email ?? (props.userId === null ? '—' : `user #${props.userId}`)}</>
  const name = member.kind === 'service' ? member.displayName : member.email
  return (
    <span className={css.label}>
      <span className={css.truncate} title={member.email}>
        {name}
      </span>
      {member.kind === 'service' && (
        <span className={badgeClass('grape', 'xs')} title="Service account">
          SA
        </span>
      )}
    </span>
  )
}
