import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import type { ReactNode } from 'react'
import { cssVariablesResolver, theme } from '../theme'

/** Mantine (theme, light/dark) and the toast host. `env="test"` turns off transitions and portals. */
export function AppProviders(props: { children: ReactNode; env?: 'default' | 'test' }) {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
      env={props.env}
    >
      {/* A few at a time: quick flows would otherwise stack a column of toasts. */}
      <Notifications position="bottom-right" limit={3} />
      {props.children}
    </MantineProvider>
  )
}
