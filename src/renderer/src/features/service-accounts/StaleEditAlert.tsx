import { Alert, Button, Stack, Text } from '@mantine/core'

/** The form field name under which the engine reports an edit made from a stale copy. */
export const VERSION_FIELD = 'version'

/**
 * Someone else changed the account while this dialog was open: nothing was saved. Says who and
 * when (the engine's message) and offers to start again from the current values.
 */
export function StaleEditAlert(props: { message: string | undefined; onReload: () => void }) {
  if (!props.message) return null
  return (
    <Alert color="orange" role="alert" title="Someone else changed this account">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{props.message}</Text>
        <Button size="xs" variant="default" onClick={props.onReload}>
          Show the current values
        </Button>
      </Stack>
    </Alert>
  )
}
