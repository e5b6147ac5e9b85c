import {
  Alert,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core'
import { useEffect, useState, type FormEvent } from 'react'
import type {
  StaleAccount,
  StaleRule,
} from '../../../../shared/contracts/service-accounts.contract'
import { notifyError, notifySuccess } from '../../lib/errors'
import { call } from '../../lib/ipc'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { useServiceAccountsStore } from '../service-accounts/service-accounts.store'

const validDays = (d: number | string): d is number =>
  typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 3650

/**
 * The Owner's rule "deactivate service accounts unused for N days" (off by default), with the
 * accounts it would deactivate today shown before it is switched on.
 */
export function StaleAccountsSettings() {
  const isOwner = useAuthStore(selectIsOwner)
  const reloadAccounts = useServiceAccountsStore((s) => s.load)
  const [saved, setSaved] = useState<StaleRule | null>(null)
  const [on, setOn] = useState(false)
  const [days, setDays] = useState<number | string>(90)
  const [preview, setPreview] = useState<StaleAccount[] | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void call('serviceAccounts:staleRule').then((rule) => {
      setSaved(rule)
      setOn(rule.days !== null)
      if (rule.days !== null) setDays(rule.days)
    }, notifyError)
  }, [])

  useEffect(() => {
    if (!validDays(days)) return
    let live = true
    void call('serviceAccounts:stalePreview', { days }).then(
      (p) => live && setPreview(p),
      () => live && setPreview(null),
    )
    return () => void (live = false)
  }, [days, saved])

  const wanted = on ? days : null
  const changed = saved !== null && wanted !== saved.days
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (on && !validDays(days)) return
    setBusy(true)
    try {
      const result = await call('serviceAccounts:setStaleRule', {
        days: on ? (days as number) : null,
      })
      setSaved(result.rule)
      const n = result.deactivated.length
      notifySuccess(
        result.rule.days === null
          ? 'Unused service accounts are no longer deactivated'
          : `Rule saved${n ? `; ${n} service account${n === 1 ? '' : 's'} deactivated` : ''}`,
      )
      await reloadAccounts()
    } catch (error) {
      notifyError(error, 'The rule was not saved')
    } finally {
      setBusy(false)
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-label="Unused service accounts">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4">
            Unused service accounts
          </Title>
          <Text size="sm">
            Deactivates, once a day, every service account whose tokens have not been used for the
            number of days below (counted from its last request, its creation, or its last role
            change). Each deactivation is recorded in the activity log; reactivate an account by
            giving it a role again.{isOwner ? '' : ' Only the Owner can change this rule.'}
          </Text>
          <Switch
            label="Deactivate service accounts unused for a number of days"
            checked={on}
            disabled={!isOwner}
            onChange={(e) => setOn(e.currentTarget.checked)}
          />
          <NumberInput
            maw={320}
            label="Unused for (days)"
            allowDecimal={false}
            clampBehavior="none"
            min={1}
            max={3650}
            value={days}
            disabled={!isOwner}
            onChange={setDays}
            error={validDays(days) ? undefined : 'Enter 1 to 3650 days'}
          />
          {preview && validDays(days) && (
            <Alert
              color={preview.length ? 'orange' : 'teal'}
              title={
                preview.length
                  ? `Today this rule would deactivate ${preview.length} service account${preview.length === 1 ? '' : 's'}`
                  : 'Today this rule would deactivate no service account'
              }
            >
              {preview.length > 0 && (
                <List size="sm">
                  {preview.map((a) => (
                    <List.Item key={a.userId}>
                      {a.name}: unused for {a.unusedDays} days
                    </List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
          {isOwner && (
            <Group justify="flex-end">
              <Button type="submit" loading={busy} disabled={!changed}>
                Save rule
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  )
}
