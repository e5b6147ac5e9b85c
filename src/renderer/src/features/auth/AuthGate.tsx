import { Alert, Button, Center, Loader, Stack } from '@mantine/core'
import { useEffect, type ReactNode } from 'react'
import { onSessionChanged, onUnauthenticated } from '../../lib/ipc'
import { selectAuthStatus, useAuthStore } from './auth.store'
import { AcceptInvitationPage } from './AcceptInvitationPage'
import { SetupPage } from './SetupPage'
import { SignInPage } from './SignInPage'
import { TotpEnrolmentPage } from './TotpEnrolmentPage'

/**
 * In the desktop app (window.api present) renders its children directly. In a browser (serve
 * mode) shows first-run setup, an invitation link's password form, or sign-in until a session exists, and returns to sign-in when a
 * call reports the session has ended.
 */
export function AuthGate(props: { children: ReactNode }) {
  const status = useAuthStore(selectAuthStatus)
  const error = useAuthStore((s) => s.error)
  const invitationToken = useAuthStore((s) => s.invitationToken)
  const totpEnrolmentRequired = useAuthStore((s) => s.totpEnrolmentRequired)
  useEffect(() => {
    void useAuthStore.getState().load()
    const offExpired = onUnauthenticated(() => useAuthStore.getState().expire())
    const offChanged = onSessionChanged(() => void useAuthStore.getState().load())
    return () => {
      offExpired()
      offChanged()
    }
  }, [])

  switch (status) {
    case 'desktop':
      return <>{props.children}</>
    case 'signedIn':
      return totpEnrolmentRequired ? <TotpEnrolmentPage /> : <>{props.children}</>
    case 'setup':
      return <SetupPage />
    case 'invitation':
      return <AcceptInvitationPage token={invitationToken ?? ''} />
    case 'signIn':
      return <SignInPage />
    case 'unreachable':
      return (
        <Center mih="100vh" p="md">
          <Stack maw={420}>
            <Alert color="red" role="alert" title="Tessera is not answering">
              {error}
            </Alert>
            <Button onClick={() => void useAuthStore.getState().load()}>Try again</Button>
          </Stack>
        </Center>
      )
    case 'loading':
      return (
        <Center mih="100vh">
          <Loader aria-label="Loading" />
        </Center>
      )
  }
}
