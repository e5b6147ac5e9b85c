import { Modal, Stack, Text, Textarea } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { FormActions } from '../../components/FormActions'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useServiceAccountsStore } from './service-accounts.store'

const entriesOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((e) => e.trim())
    .filter(Boolean)

/** The addresses and CIDR ranges an account's tokens are accepted from (empty: anywhere). */
export function NetworkAllowlistDialog(props: { account: ServiceAccount; onClose: () => void }) {
  const { account } = props
  const setNetworks = useServiceAccountsStore((s) => s.setNetworks)
  const [text, setText] = useState(account.allowedNetworks.join('\n'))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const entries = entriesOf(text)
    const done = await submitWithFieldErrors(
      () => setNetworks(account.userId, entries).then(() => true),
      ['networks'],
      setErrors,
    )
    setBusy(false)
    if (done) {
      notifySuccess(
        entries.length
          ? `${account.name} is accepted only from its allowlist`
          : `${account.name} is accepted from any address`,
      )
    }
  }

  return (
    <Modal opened onClose={props.onClose} title={`Network allowlist of ${account.name}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            Requests with this account’s tokens are accepted only from these addresses and ranges;
            others get “403 Forbidden” and are recorded in the activity log with their address.
            Leave it empty to accept any address. Changes apply to the next request.
          </Text>
          <Textarea
            label="Addresses and CIDR ranges"
            description="One per line, IPv4 or IPv6: 203.0.113.7, 10.0.0.0/8, 2001:db8::/32"
            autosize
            minRows={4}
            maxRows={12}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={errors.networks}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <FormActions submitLabel="Save allowlist" busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  )
}
