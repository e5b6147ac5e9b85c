import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  Image,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { TotpEnrolment } from '../../../../shared/contracts/team.contract'
import { CopyValueButton } from '../../components/CopyValueButton'
import { messageOf } from '../../lib/errors'
import { RpcError, call } from '../../lib/ipc'

/**
 * Setting up an authenticator app: scan the QR code (or type the key), confirm with the first
 * code, then keep the recovery codes, which are shown this once.
 */
export function TotpSetup(props: { onDone: () => void; onCancel?: () => void }) {
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null)
  const [codes, setCodes] = useState<string[] | null>(null)
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState(false)

  const begin = async () => {
    setBusy(true)
    setError(null)
    try {
      setEnrolment(await call('totp:begin'))
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  const confirm = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      setCodes((await call('totp:confirm', { code })).recoveryCodes)
      setEnrolment(null)
    } catch (err) {
      setError(err instanceof RpcError && err.field === 'code' ? err.message : messageOf(err))
      setCode('')
    } finally {
      setBusy(false)
    }
  }

  if (codes) {
    const text = codes.join('\n')
    return (
      <Stack>
        <Alert color="teal" title="Two-step sign-in is on">
          From now on you sign in with your password and a code from the app.
        </Alert>
        <Text size="sm">
          Recovery codes: each signs you in once if you lose your phone. Keep them somewhere safe;
          they will not be shown again.
        </Text>
        <Code block aria-label="Recovery codes">
          {text}
        </Code>
        <Group>
          <CopyValueButton value={text} label="Copy recovery codes" />
        </Group>
        <Checkbox
          label="I have saved the recovery codes"
          checked={saved}
          onChange={(e) => setSaved(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button disabled={!saved} onClick={props.onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    )
  }
  if (!enrolment) {
    return (
      <Stack align="flex-start">
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button loading={busy} onClick={() => void begin()}>
            Set up an authenticator app
          </Button>
          {props.onCancel && (
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    )
  }
  return (
    <form onSubmit={confirm} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <Image
            src={enrolment.qrCode}
            alt="QR code to scan with an authenticator app"
            w={220}
            h={220}
          />
          <Stack gap="xs">
            <Text size="sm">
              Scan the code with an authenticator app (for example FreeOTP, Aegis, Google
              Authenticator or 1Password), or type this key into it:
            </Text>
            <Code aria-label="Setup key" style={{ wordBreak: 'break-all' }}>
              {enrolment.secret}
            </Code>
            <Group>
              <CopyValueButton value={enrolment.secret.replace(/ /g, '')} label="Copy key" />
            </Group>
          </Stack>
        </SimpleGrid>
        <TextInput
          label="Code from the app"
          description="6 digits; it changes every 30 seconds"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          error={error}
          onChange={(e) => setCode(e.currentTarget.value)}
          data-autofocus
        />
        <Group justify="flex-end">
          {props.onCancel && (
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={busy}>
            Turn on
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
