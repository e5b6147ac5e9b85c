import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { PRIVATE_FILE, PRIVATE_MKDIR } from '../db/file-modes'

export const SETTINGS_FILE = 'desktop-settings.json'

const Bounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
})
export type WindowState = z.infer<typeof Bounds>

/** What the desktop app remembers between runs (not organization data: that is in the db). */
export const DesktopSettings = z.object({
  /** What closing the window does while the local API serves, once the user said "remember". */
  onCloseWhileServing: z.enum(['background', 'quit']).optional(),
  window: Bounds.optional(),
})
export type DesktopSettings = z.infer<typeof DesktopSettings>

export interface SettingsStore {
  readonly path: string
  get(): DesktopSettings
  update(patch: Partial<DesktopSettings>): void
}

/**
 * desktop-settings.json in the user-data folder. A missing, unreadable or hand-broken file
 * counts as empty (each field is checked on its own, so one bad field does not lose the rest);
 * writes go to a temporary file first so a crash never leaves half a file.
 */
export function settingsStore(
  dir: string,
  log: (message: string, error?: unknown) => void = () => {},
): SettingsStore {
  const path = join(dir, SETTINGS_FILE)
  const read = (): DesktopSettings => {
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'))
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') log(`ignoring ${path}`, err)
      return {}
    }
    const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}
    const out: DesktopSettings = {}
    const close = DesktopSettings.shape.onCloseWhileServing.safeParse(fields.onCloseWhileServing)
    if (close.success && close.data) out.onCloseWhileServing = close.data
    const win = Bounds.safeParse(fields.window)
    if (win.success) out.window = win.data
    return out
  }
  let current = read()
  return {
    path,
    get: () => current,
    update(patch) {
      current = { ...current, ...patch }
      try {
        mkdirSync(dirname(path), PRIVATE_MKDIR)
        const tmp = `${path}.tmp`
        writeFileSync(tmp, `${JSON.stringify(current, null, 2)}\n`, { mode: PRIVATE_FILE })
        renameSync(tmp, path)
      } catch (err) {
        log(`could not save ${path}`, err)
      }
    },
  }
}
