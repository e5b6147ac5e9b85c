import { Alert, Button, Stack, Text } from '@mantine/core'

/** What a screen shows when the engine could not give it its data. */
export function ErrorView(props: { title?: string; message: string; onRetry?: () => void }) {
  return (
    <Alert color="red" title={props.title ?? 'Tessera could not load this screen'} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{props.message}</Text>
        <Text size="sm" c="dimmed">
          Check that Tessera is still running, then try again.
        </Text>
        {props.onRetry && (
          <Button size="xs" variant="light" color="red" onClick={props.onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  )
}
