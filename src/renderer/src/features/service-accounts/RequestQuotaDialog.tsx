import { Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useOrganizationStore } from '../organization/organization.store'
import { FormActions } from '../../components/FormActions'

/** Asks the Owner for more service accounts: how many and why. */
export function RequestQuotaDialog(props: { onClose: () => void }) {
  const requestQuota = useOrganizationStore((s) => s.requestQuota)
  const [count, setCount] = useState<number | string>(1)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const done = await submitWithFieldErrors(
      () => requestQuota(Number(count), reason).then(() => true),
      ['count', 'reason'],
      setErrors,
    )
    setBusy(false)
    if (done) {
      notifySuccess('Request sent to the Owner')
      props.onClose()
    }
  }

  return (
    <Modal opened onClose={props.onClose} title="Request additional service accounts">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Service accounts do not use license seats. The Owner approves or declines the request;
            an approval raises the quota at once.
          </Text>
          <NumberInput
            data-autofocus
            label="Number of additional service accounts"
            min={1}
            max={100}
            allowDecimal={false}
            value={count}
            onChange={setCount}
            error={errors.count}
            withAsterisk
          />
          <Textarea
            label="Reason"
            description="What the accounts are for"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
            withAsterisk
            autosize
            minRows={2}
          />
          <FormActions submitLabel="Send request" busy={busy} onCancel={props.onClose} />
        </Stack>
      </form>
    </Modal>
  )
}
