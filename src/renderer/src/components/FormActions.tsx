import { Button, Group } from '@mantine/core'

/** A dialog form's footer: Cancel, then the submit button, busy while the engine answers. */
export function FormActions(props: { submitLabel: string; busy: boolean; onCancel: () => void }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={props.onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={props.busy}>
        {props.submitLabel}
      </Button>
    </Group>
  )
}
