import { Center, Paper, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/** The frame of the sign-in and setup pages. */
export function AuthCard(props: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <Stack gap="md">
          <div>
            <Text c="dimmed" size="sm" fw={600}>
              Tessera
            </Text>
            <Title order={1} size="h2">
              {props.title}
            </Title>
            {props.subtitle ? (
              <Text c="dimmed" size="sm" mt={4}>
                {props.subtitle}
              </Text>
            ) : null}
          </div>
          {props.children}
        </Stack>
      </Paper>
    </Center>
  )
}
