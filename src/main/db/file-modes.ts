import { chmodSync, closeSync, existsSync, openSync, writeFileSync } from 'node:fs'

/**
 * Everything Tessera writes holds secrets or personal data (token hashes, password hashes,
 * e-mail addresses, the activity log), so it is readable by the owner's user only: files 0600,
 * folders Tessera creates 0700. Windows has no such modes (a profile folder is already private
 * to its user); there these calls change nothing.
 */
export const PRIVATE_FILE = 0o600
export const PRIVATE_DIR = 0o700

const posix = process.platform !== 'win32'

/**
 * Sets `path` to owner-only when it exists. A file owned by someone else (EPERM) is left as it
 * is: tightening is a precaution, not a reason to refuse to work.
 */
export function makePrivate(path: string, mode = PRIVATE_FILE): void {
  if (!posix) return
  try {
    chmodSync(path, mode)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'ENOENT' && code !== 'EPERM') throw err
  }
}

/** Creates `path` empty and owner-only unless it exists; existing files are tightened. */
export function ensurePrivateFile(path: string): void {
  if (existsSync(path)) return makePrivate(path)
  try {
    closeSync(openSync(path, 'wx', PRIVATE_FILE))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  makePrivate(path)
}

/**
 * Writes a whole file (an export, a report) owner-only. `mode` applies only when the file is
 * created, so a file being replaced is tightened as well.
 */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  writeFileSync(path, data, { mode: PRIVATE_FILE })
  makePrivate(path)
}

/** mkdir options for folders Tessera creates (with `recursive`, parents it creates too). */
export const PRIVATE_MKDIR = { recursive: true, mode: PRIVATE_DIR } as const
