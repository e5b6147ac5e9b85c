import { Paper, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'

/** What an empty table or list shows instead: what is missing and the next thing to do. */
export function EmptyState(props: { title: string; message?: string; action?: ReactNode }) {
  return (
    <Paper withBorder p="lg" style={{ borderStyle: 'dashed' }}>
      <Stack gap="xs" align="center" ta="center">
        <Text fw={600}>{props.title}</Text>
        {props.message && (
          <Text size="sm" c="dimmed" maw={520}>
            {props.message}
          </Text>
        )}
        {props.action}
      </Stack>
    </Paper>
  )
}
