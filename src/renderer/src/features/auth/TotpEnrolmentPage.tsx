import { Alert } from '@mantine/core'
import { TOTP_ENROLMENT_REQUIRED_MESSAGE } from '../../../../shared/auth'
import { TotpSetup } from '../team/TotpSetup'
import { useAuthStore } from './auth.store'
import { AuthCard } from './AuthCard'
import { SignOutButton } from './SignOutButton'

/** Signed in, but the Owner requires an authenticator app that is not set up yet. */
export function TotpEnrolmentPage() {
  const load = useAuthStore((s) => s.load)
  return (
    <AuthCard title="Set up two-step sign-in">
      <Alert color="blue" role="status">
        {TOTP_ENROLMENT_REQUIRED_MESSAGE}
      </Alert>
      <TotpSetup onDone={() => void load()} />
      <SignOutButton />
    </AuthCard>
  )
}
