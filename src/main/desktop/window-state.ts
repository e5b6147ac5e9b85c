import type { BrowserWindow, Rectangle } from 'electron'
import type { WindowState } from './settings'

/**
 * The saved position and size, if the whole window still fits in the work area of one of the
 * current displays (a monitor may have been unplugged or its resolution changed); else none,
 * and the window opens at its default size, centred.
 */
export function restoredBounds(
  saved: WindowState | undefined,
  workAreas: readonly Rectangle[],
): Rectangle | null {
  if (!saved) return null
  const fits = workAreas.some(
    (a) =>
      saved.x >= a.x &&
      saved.y >= a.y &&
      saved.x + saved.width <= a.x + a.width &&
      saved.y + saved.height <= a.y + a.height,
  )
  return fits ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : null
}

type Tracked = Pick<
  BrowserWindow,
  'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed' | 'isMinimized'
>

/**
 * Saves the window's normal (un-maximized) bounds and maximized state after it moves or is
 * resized (debounced) and at once when it closes.
 */
export function trackWindowState(
  win: Tracked,
  save: (state: WindowState) => void,
  delayMs = 500,
): void {
  let timer: NodeJS.Timeout | null = null
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (win.isDestroyed() || win.isMinimized()) return
    const b = win.getNormalBounds()
    save({
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height),
      maximized: win.isMaximized(),
    })
  }
  const later = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(flush, delayMs)
  }
  for (const event of ['move', 'resize', 'maximize', 'unmaximize'] as const) {
    win.on(event as 'move', later)
  }
  win.on('close', flush)
}
