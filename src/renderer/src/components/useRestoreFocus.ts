import { useEffect, useRef } from 'react'

/** Longer than the 10 ms after which Mantine's dialogs return focus themselves. */
const AFTER_DIALOG_RETURN_MS = 30

const focusable = (el: Element | null): el is HTMLElement =>
  el instanceof HTMLElement &&
  el !== document.body &&
  el.isConnected &&
  !el.closest('[role="dialog"]') &&
  !(el as HTMLButtonElement).disabled

/**
 * Puts focus back where a keyboard user expects it when a flow of dialogs ends (`open` turns
 * false). A dialog returns focus to whatever was focused when it opened; when one dialog hands
 * over to the next (a confirmation to the one-time token), or the menu item that opened it is
 * gone, that is nothing and focus drops to the page. Then focus goes to the control that was
 * focused when the flow began if it can still take it, else to `fallback()` (say, the row's menu
 * button).
 */
export function useRestoreFocus(open: boolean, fallback: () => HTMLElement | null): void {
  const opener = useRef<HTMLElement | null>(null)
  const target = useRef(fallback)
  useEffect(() => {
    target.current = fallback
  })
  useEffect(() => {
    if (open) {
      // Dialogs move focus inside on a timer, so this still sees the control that opened it.
      const active = document.activeElement
      opener.current = focusable(active) ? active : null
      return
    }
    const timer = window.setTimeout(() => {
      const active = document.activeElement
      if (active !== null && active !== document.body) return
      // A hidden element (the item of a closed menu) refuses focus: then try the next.
      for (const el of [opener.current, target.current()]) {
        if (focusable(el)) el.focus()
        if (el && document.activeElement === el) break
      }
      opener.current = null
    }, AFTER_DIALOG_RETURN_MS)
    return () => window.clearTimeout(timer)
  }, [open])
}
