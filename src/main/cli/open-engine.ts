import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { PRIVATE_MKDIR } from '../db/file-modes'
import { openDatabase } from '../db/open'
import { defaultDeps, type Actor } from '../engine/deps'
import { createEngine, type Engine } from '../engine/engine'
import { installationKeys } from '../core/log-key-file'
import { CliError } from './output'
import { defaultDbPath } from './paths'

export interface Opened {
  engine: Engine
  /**
   * Who the command acts as: the organization Owner (the CLI's local operator), or the member
   * named by `--as`, held to that member's role and assignments by the engine's access policy.
   */
  owner: Actor
  path: string
  close(): void
}

/** The file named by --db, or the default database shared with the desktop app. */
export const dbPathFor = (dbPath?: string): string => (dbPath ? resolve(dbPath) : defaultDbPath())

/**
 * Opens (creating if needed) the database and its organization, for one CLI command: no
 * background jobs and no API (`serve` starts those through startCore).
 */
export function openEngine(
  dbPath?: string,
  as?: string,
  keyOptions: { keyFile?: string; readOnly?: boolean } = {},
): Opened {
  const path = dbPathFor(dbPath)
  mkdirSync(dirname(path), PRIVATE_MKDIR)
  const db = openDatabase(path)
  try {
    const deps = defaultDeps(db)
    let logKeys
    try {
      logKeys = installationKeys(db, path, { ...keyOptions, randomBytes: deps.randomBytes })
    } catch (err) {
      throw new CliError((err as Error).message)
    }
    const engine = createEngine({ ...deps, logKeys })
    const owner = engine.organization.ensure()
    const actor = as === undefined ? owner : memberNamed(engine, owner, as)
    return { engine, owner: actor, path, close: () => db.close() }
  } catch (err) {
    db.close()
    throw err
  }
}

/** `--as`: a live member by user id or email (case-insensitive). */
function memberNamed(engine: Engine, owner: Actor, ref: string): Actor {
  const needle = ref.trim().toLowerCase()
  const m = engine.people
    .list(owner)
    .find((x) => String(x.userId) === needle || x.email.toLowerCase() === needle)
  if (!m) throw new CliError(`--as: no member “${ref}” (give a user id or an email)`)
  return { userId: m.userId, organizationId: owner.organizationId }
}

/** `--log-key-file` of a command (a global option), resolved. */
export function keyFileOption(command: { optsWithGlobals(): unknown }): string | undefined {
  const { logKeyFile } = command.optsWithGlobals() as { logKeyFile?: string }
  return logKeyFile ? resolve(logKeyFile) : undefined
}
