import { MantineProvider, Modal, createTheme } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import type { ReactNode } from 'react'

const theme = createTheme({
  primaryColor: 'indigo',
  // Keep the focus ring for keyboard users on every interactive element.
  focusRing: 'auto',
  defaultRadius: 'md',
  components: {
    // The close button is an icon only: give it a name for screen readers.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
  },
})

/** Mantine (theme, light/dark) and the toast host. `env="test"` turns off transitions and portals. */
export function AppProviders(props: { children: ReactNode; env?: 'default' | 'test' }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" env={props.env}>
      {/* A few at a time: quick flows would otherwise stack a column of toasts. */}
      <Notifications position="bottom-right" limit={3} />
      {props.children}
    </MantineProvider>
  )
}
