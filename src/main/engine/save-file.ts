import { randomBytes } from 'node:crypto'
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { PRIVATE_FILE, makePrivate } from '../db/file-modes'
import { conflict, invalid } from './errors'

export interface SaveOptions {
  /**
   * Replace an existing file. Only where the person confirmed it (the desktop save dialog asks
   * before returning a file that exists); otherwise an existing file is refused.
   */
  overwrite: boolean
}

/** What SQLite may leave beside a database file it wrote. */
const SIDE_FILES = ['-journal', '-wal', '-shm']

/** Link errors of file systems without hard links (FAT, exFAT, some network shares). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'])

const exists = (target: string) =>
  conflict(`${target} already exists; choose another name (nothing was written)`)

/**
 * A temporary file beside `target`, created exclusively (O_EXCL) and owner-only, under a name
 * nobody else uses: a file that was there before is never opened, replaced or deleted.
 */
function createTemp(target: string): string {
  for (let attempt = 0; ; attempt++) {
    const temp = join(
      dirname(target),
      `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`,
    )
    try {
      closeSync(openSync(temp, 'wx', PRIVATE_FILE))
      makePrivate(temp)
      return temp
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST' && attempt < 5) continue
      throw invalid(`Cannot write beside ${target} (${code ?? String(err)})`)
    }
  }
}

/** Moves the finished temp file to `target`: atomically, and never over a file unless asked. */
function publish(temp: string, target: string, overwrite: boolean): void {
  if (overwrite) {
    renameSync(temp, target)
    return
  }
  try {
    // link() fails if the name exists, with no window between a check and the move.
    linkSync(temp, target)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? ''
    if (code === 'EEXIST') throw exists(target)
    if (!NO_LINKS.has(code)) throw err
    try {
      copyFileSync(temp, target, constants.COPYFILE_EXCL)
    } catch (copyErr) {
      if ((copyErr as NodeJS.ErrnoException).code === 'EEXIST') throw exists(target)
      throw copyErr
    }
    makePrivate(target)
  }
}

/**
 * Writes `target` through a temporary file in the same folder: `write` fills the temp file,
 * which then becomes `target` (renamed over it with `overwrite`, else linked, which refuses an
 * existing name). On success or failure nothing is left beside it: the temp file and any
 * SQLite side files of it are removed, and only those, since their names are ours alone.
 */
export async function saveFile<T>(
  target: string,
  options: SaveOptions,
  write: (temp: string) => T | Promise<T>,
): Promise<T> {
  if (!options.overwrite && existsSync(target)) throw exists(target)
  const temp = createTemp(target)
  try {
    const result = await write(temp)
    publish(temp, target, options.overwrite)
    return result
  } finally {
    for (const path of [temp, ...SIDE_FILES.map((s) => `${temp}${s}`)]) {
      rmSync(path, { force: true })
    }
  }
}
