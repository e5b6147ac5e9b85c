import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { format } from 'node:util'
import { PRIVATE_FILE, PRIVATE_MKDIR, makePrivate } from '../db/file-modes'

export const LOG_FILE = 'tessera.log'
/** Past this size the log moves to `tessera.log.1` (replacing the older one) and starts over. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024

export type Level = 'info' | 'warn' | 'error'

export interface LogFile {
  readonly path: string
  write(level: Level, ...args: unknown[]): void
}

/**
 * The main process's log in Electron's logs folder: one line per call, with an ISO timestamp
 * and level; errors keep their stack. Writes are synchronous so the last lines before a crash
 * or an `app.exit` are on disk. A write that fails (disk full) is dropped, never thrown.
 */
export function openLogFile(
  dir: string,
  opts: { maxBytes?: number; now?: () => Date } = {},
): LogFile {
  const path = join(dir, LOG_FILE)
  const maxBytes = opts.maxBytes ?? LOG_MAX_BYTES
  const now = opts.now ?? (() => new Date())
  let size = 0
  try {
    mkdirSync(dir, PRIVATE_MKDIR)
    makePrivate(path)
    size = statSync(path).size
  } catch {
    size = 0
  }
  return {
    path,
    write(level, ...args) {
      const line = `${now().toISOString()} ${level.toUpperCase()} ${format(...args)}\n`
      try {
        if (size > 0 && size + Buffer.byteLength(line) > maxBytes) {
          rmSync(`${path}.1`, { force: true })
          renameSync(path, `${path}.1`)
          size = 0
        }
        appendFileSync(path, line, { mode: PRIVATE_FILE })
        size += Buffer.byteLength(line)
      } catch {
        // Nowhere left to report it; the console still has the message.
      }
    },
  }
}

type ConsoleMethod = 'error' | 'warn' | 'info' | 'log'

/**
 * Copies console.error/warn (and log/info) of the main process into the log file, keeping the
 * console output too. Returns the function that puts the console back.
 */
export function teeConsole(log: LogFile, target: Console = console): () => void {
  const methods: [ConsoleMethod, Level][] = [
    ['error', 'error'],
    ['warn', 'warn'],
    ['info', 'info'],
    ['log', 'info'],
  ]
  const originals = methods.map(([m]) => [m, target[m]] as const)
  for (const [method, level] of methods) {
    const original = target[method]
    target[method] = (...args: unknown[]) => {
      log.write(level, ...args)
      original.apply(target, args)
    }
  }
  return () => {
    for (const [method, fn] of originals) target[method] = fn
  }
}
