import * as nodeFs from 'node:fs'
import { homedir as userHome } from 'node:os'
import { join, posix, win32 } from 'node:path'
import { PRIVATE_MKDIR } from '../db/file-modes'

export const DB_FILE = 'tessera.db'

/** SQLite keeps recent writes in these next to the database while WAL is on. */
const SIDE_FILES = ['-wal', '-shm'] as const

type Env = Readonly<Record<string, string | undefined>>

const pathFor = (platform: NodeJS.Platform) => (platform === 'win32' ? win32 : posix)

/**
 * The data folder the desktop app and the CLI share: Electron's `userData` for the product name
 * "Tessera" — Linux `$XDG_CONFIG_HOME/Tessera` or `~/.config/Tessera`, macOS
 * `~/Library/Application Support/Tessera`, Windows `%APPDATA%\Tessera`. Pure, so it can be
 * checked for every platform on any machine.
 */
export function defaultDataDir(env: Env, platform: NodeJS.Platform, homedir: string): string {
  const p = pathFor(platform)
  if (platform === 'win32')
    return p.join(env.APPDATA || p.join(homedir, 'AppData', 'Roaming'), 'Tessera')
  if (platform === 'darwin') return p.join(homedir, 'Library', 'Application Support', 'Tessera')
  return p.join(env.XDG_CONFIG_HOME || p.join(homedir, '.config'), 'Tessera')
}

/**
 * Folders earlier builds kept the database in, most likely first: the desktop app named its
 * folder after the package ("tessera", lowercase) and the CLI used the XDG data folder on Linux.
 * On case-insensitive file systems the first one is the new folder itself; that is harmless,
 * since nothing is moved when the new folder already holds a database.
 */
export function legacyDataDirs(env: Env, platform: NodeJS.Platform, homedir: string): string[] {
  const p = pathFor(platform)
  const desktop = p.join(p.dirname(defaultDataDir(env, platform, homedir)), 'tessera')
  if (platform !== 'linux') return [desktop]
  const cli = p.join(env.XDG_DATA_HOME || p.join(homedir, '.local', 'share'), 'tessera')
  return [desktop, cli]
}

export type DataDirFs = Pick<typeof nodeFs, 'existsSync' | 'mkdirSync' | 'renameSync'>

export interface ResolvedDb {
  /** The database file to open. */
  path: string
  /** What happened to the user's data, worth printing once; null when nothing did. */
  message: string | null
}

/**
 * The database file under `dataDir`, first moving one from a legacy folder there when the new
 * folder has none: the file and its -wal/-shm companions are renamed together (a database
 * without its WAL loses its last writes). When a rename fails — another device, no permission —
 * everything moved so far goes back and the legacy file is used where it is.
 */
export function resolveDefaultDb(opts: {
  dataDir: string
  legacyCandidates: readonly string[]
  fs?: DataDirFs
}): ResolvedDb {
  const fs = opts.fs ?? nodeFs
  const target = join(opts.dataDir, DB_FILE)
  if (fs.existsSync(target)) return { path: target, message: null }
  const legacyDir = opts.legacyCandidates.find(
    (dir) => dir !== opts.dataDir && fs.existsSync(join(dir, DB_FILE)),
  )
  if (!legacyDir) return { path: target, message: null }
  const source = join(legacyDir, DB_FILE)
  const moved: [from: string, to: string][] = []
  try {
    fs.mkdirSync(opts.dataDir, PRIVATE_MKDIR)
    for (const suffix of ['', ...SIDE_FILES]) {
      if (suffix && !fs.existsSync(source + suffix)) continue
      fs.renameSync(source + suffix, target + suffix)
      moved.push([source + suffix, target + suffix])
    }
  } catch (err) {
    for (const [from, to] of moved.reverse()) fs.renameSync(to, from)
    const why = (err as { code?: string }).code ?? String(err)
    return {
      path: source,
      message: `Using your database at ${source}: it could not be moved to ${target} (${why})`,
    }
  }
  return { path: target, message: `Moved your database from ${source} to ${target}` }
}

/** Where this process runs: what the default folder depends on. */
export interface Host {
  env: Env
  platform: NodeJS.Platform
  homedir: string
}

export const thisHost = (): Host => ({
  env: process.env,
  platform: process.platform,
  homedir: userHome(),
})

/**
 * The default database of this machine's user, for the desktop app and every CLI command alike
 * (moving a legacy one into place first; see resolveDefaultDb).
 */
export function resolveHostDb(host: Host = thisHost(), fs?: DataDirFs): ResolvedDb {
  return resolveDefaultDb({
    dataDir: defaultDataDir(host.env, host.platform, host.homedir),
    legacyCandidates: legacyDataDirs(host.env, host.platform, host.homedir),
    fs,
  })
}
