import { Button, Group, Text } from '@mantine/core'
import { useState } from 'react'
import { notifyError } from '../../lib/errors'
import { selectAuthUser, useAuthStore } from './auth.store'

/**
 * Who is signed in and a Sign out control, for the app header. Renders nothing in the desktop
 * app, where the local operator acts as the Owner without signing in.
 */
export function SignOutButton() {
  const user = useAuthStore(selectAuthUser)
  const signOut = useAuthStore((s) => s.signOut)
  const [busy, setBusy] = useState(false)
  if (!user) return null
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed" visibleFrom="sm" truncate maw={220} title={user.email}>
        {user.email}
      </Text>
      <Button
        variant="default"
        size="xs"
        loading={busy}
        onClick={() => {
          setBusy(true)
          signOut()
            .catch(notifyError)
            .finally(() => setBusy(false))
        }}
      >
        Sign out
      </Button>
    </Group>
  )
}
