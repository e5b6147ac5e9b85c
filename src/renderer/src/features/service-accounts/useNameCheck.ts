import { useEffect, useState } from 'react'
import { ServiceAccountName } from '../../../../shared/schemas'
import { call } from '../../lib/ipc'

export type NameCheck =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'available' }
  | { status: 'problem'; message: string }

export const NAME_CHECK_DELAY_MS = 300

function localProblem(name: string): string | null {
  const parsed = ServiceAccountName.safeParse(name)
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Invalid name')
}

/**
 * Live validation of a new service-account name: length and characters at once (the shared
 * schema), uniqueness from the engine after a short pause in typing.
 */
export function useNameCheck(name: string): NameCheck {
  const local = name === '' ? null : localProblem(name)
  const [remote, setRemote] = useState<{ name: string; result: NameCheck } | null>(null)
  useEffect(() => {
    if (name === '' || local) return
    let current = true
    const timer = setTimeout(() => {
      call('serviceAccounts:checkName', { name })
        .then((r) => {
          if (!current) return
          setRemote({
            name,
            result: r.available
              ? { status: 'available' }
              : { status: 'problem', message: r.message ?? 'This name is taken' },
          })
        })
        .catch(() => {
          // The create call checks again; an unreachable engine is reported there.
          if (current) setRemote({ name, result: { status: 'idle' } })
        })
    }, NAME_CHECK_DELAY_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [name, local])
  if (name === '') return { status: 'idle' }
  if (local) return { status: 'problem', message: local }
  return remote?.name === name ? remote.result : { status: 'checking' }
}
