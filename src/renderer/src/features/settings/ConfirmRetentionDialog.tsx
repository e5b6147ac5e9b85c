import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import type { RetentionPreview } from '../../../../shared/contracts/organization.contract'
import { formatDateTime } from '../../lib/format'

const n = new Intl.NumberFormat()

/** Asks before a shorter retention is saved: the next purge deletes what the preview counted. */
export function ConfirmRetentionDialog(props: {
  preview: RetentionPreview
  from: number
  onConfirm: () => void
  onCancel: () => void
}) {
  const { preview } = props
  const entries = `${n.format(preview.toDelete)} ${preview.toDelete === 1 ? 'entry' : 'entries'}`
  return (
    <Modal
      opened
      onClose={props.onCancel}
      title={`Shorten retention to ${n.format(preview.days)} days?`}
    >
      <Stack>
        <Text size="sm">
          Retention goes from {n.format(props.from)} to {n.format(preview.days)} days. The next
          purge permanently deletes <strong>{entries}</strong> of {n.format(preview.total)}: every
          entry older than {formatDateTime(preview.cutoff)}. Export the log first if you need them.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={props.onConfirm}>
            Delete {entries} and save
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
