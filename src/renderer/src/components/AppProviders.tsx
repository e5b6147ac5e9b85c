import { MantineProvider, createTheme } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import type { ReactNode } from 'react'

const theme = createTheme({
  primaryColor: 'indigo',
  // Keep the focus ring for keyboard users on every interactive element.
  focusRing: 'auto',
  defaultRadius: 'md',
})

/** Mantine (theme, light/dark) and the toast host. `env="test"` turns off transitions and portals. */
export function AppProviders(props: { children: ReactNode; env?: 'default' | 'test' }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" env={props.env}>
      <Notifications position="bottom-right" />
      {props.children}
    </MantineProvider>
  )
}
