import { join } from 'node:path'
import { DB_FILE, defaultDataDir, resolveHostDb, thisHost } from '../core/data-dir'

/** The default database file, for help texts: naming it moves nothing. */
export function shownDefaultDbPath(): string {
  const host = thisHost()
  return join(defaultDataDir(host.env, host.platform, host.homedir), DB_FILE)
}

/**
 * The database a command without --db uses: the desktop app's, moved there first from the
 * folder earlier CLI builds used (said once on stderr, so piped stdout stays clean).
 */
export function defaultDbPath(): string {
  const { path, message } = resolveHostDb()
  if (message) process.stderr.write(`${message}\n`)
  return path
}
