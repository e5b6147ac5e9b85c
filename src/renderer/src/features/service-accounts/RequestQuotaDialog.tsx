import { Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { useOrganizationStore } from '../organization/organization.store'
import { FormActions } from '../../components/FormActions'

/** What the quota action is called: the Owner raises the quota, anyone else asks the Owner. */
export const quotaActionLabel = (isOwner: boolean) =>
  isOwner ? 'Raise the service-account quota' : 'Request additional service accounts'

/**
 * More service accounts: an Administrator asks the Owner (how many and why); the Owner raises
 * the quota directly, recorded in the activity log, instead of approving their own request.
 */
export function RequestQuotaDialog(props: { onClose: () => void }) {
  const isOwner = useAuthStore(selectIsOwner)
  const requestQuota = useOrganizationStore((s) => s.requestQuota)
  const raiseQuota = useOrganizationStore((s) => s.raiseQuota)
  const [count, setCount] = useState<number | string>(1)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const done = await submitWithFieldErrors(
      () =>
        (isOwner ? raiseQuota(Number(count), reason) : requestQuota(Number(count), reason)).then(
          () => true,
        ),
      ['count', 'reason'],
      setErrors,
    )
    setBusy(false)
    if (done) {
      notifySuccess(isOwner ? 'Quota raised' : 'Request sent to the Owner')
      props.onClose()
    }
  }

  return (
    <Modal opened onClose={props.onClose} title={quotaActionLabel(isOwner)}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {isOwner
              ? 'Service accounts do not use license seats. As the Owner you raise the quota at once; the change is recorded in the activity log.'
              : 'Service accounts do not use license seats. The Owner approves or declines the request; an approval raises the quota at once.'}
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
            description={
              isOwner
                ? 'Optional: what the accounts are for (kept in the log)'
                : 'What the accounts are for'
            }
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
            withAsterisk={!isOwner}
            autosize
            minRows={2}
          />
          <FormActions
            submitLabel={isOwner ? 'Raise quota' : 'Send request'}
            busy={busy}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  )
}
