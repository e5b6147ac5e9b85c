import { Alert, Button, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core'
import { useCallback, useEffect, useState } from 'react'
import type { TotpStatus } from '../../../../shared/contracts/team.contract'
import { messageOf, notifyError, notifySuccess } from '../../lib/errors'
import { call, isDesktopApp } from '../../lib/ipc'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { TotpSetup } from './TotpSetup'
import { useTeamStore } from './team.store'

/**
 * Two-step sign-in: your own authenticator app (in a browser, where you sign in), and the
 * Owner's switch that requires it of everyone who signs in.
 */
export function TwoStepPanel() {
  const isOwner = useAuthStore(selectIsOwner)
  const reloadTeam = useTeamStore((s) => s.load)
  const [status, setStatus] = useState<TotpStatus | null>(null)
  const [settingUp, setSettingUp] = useState(false)
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(() => {
    call('totp:status').then(setStatus, (e: unknown) => setError(messageOf(e)))
  }, [])
  useEffect(load, [load])

  const setRequired = async (required: boolean) => {
    try {
      await call('team:setTotpRequired', { required })
      notifySuccess(required ? 'Two-step sign-in is now required' : 'Two-step sign-in is optional')
      load()
      // Required now and not set up for yourself: the session asks for it before anything else.
      if (required && !isDesktopApp()) void useAuthStore.getState().load()
    } catch (e) {
      notifyError(e)
    }
  }
  const turnOff = async () => {
    setError(null)
    try {
      setStatus(await call('totp:disable', { code }))
      setCode('')
      notifySuccess('Two-step sign-in is off')
      void reloadTeam()
    } catch (e) {
      setError(messageOf(e))
    }
  }

  if (!status) return null
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Two-step sign-in
      </Title>
      {isOwner && (
        <Switch
          label="Require two-step sign-in for everyone who signs in"
          description="Someone without an authenticator app is asked to set one up right after signing in."
          checked={status.required}
          onChange={(e) => void setRequired(e.currentTarget.checked)}
        />
      )}
      {!isDesktopApp() &&
        (status.enabled ? (
          <Stack gap="xs">
            <Text size="sm">
              On for you: you sign in with your password and a code from your app.{' '}
              {status.recoveryCodesLeft} recovery codes left.
            </Text>
            {!status.required && (
              <Group align="flex-end">
                <TextInput
                  label="Code to turn it off"
                  size="xs"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  value={code}
                  error={error}
                  onChange={(e) => setCode(e.currentTarget.value)}
                />
                <Button size="xs" variant="default" color="red" onClick={() => void turnOff()}>
                  Turn off
                </Button>
              </Group>
            )}
          </Stack>
        ) : settingUp ? (
          <TotpSetup
            onDone={() => {
              setSettingUp(false)
              load()
              void reloadTeam()
            }}
            onCancel={() => setSettingUp(false)}
          />
        ) : (
          <Group>
            <Text size="sm">Off for you.</Text>
            <Button size="xs" onClick={() => setSettingUp(true)}>
              Set up
            </Button>
          </Group>
        ))}
      {error && !status.enabled && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  )
}
