import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { PRIVATE_MKDIR } from '../db/file-modes'
import { openDatabase } from '../db/open'
import { defaultDeps, type Actor } from '../engine/deps'
import { createEngine, type Engine } from '../engine/engine'
import { defaultDbPath } from './paths'

export interface Opened {
  engine: Engine
  /** The organization Owner: the CLI's local operator. */
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
export function openEngine(dbPath?: string): Opened {
  const path = dbPathFor(dbPath)
  mkdirSync(dirname(path), PRIVATE_MKDIR)
  const db = openDatabase(path)
  const engine = createEngine(defaultDeps(db))
  const owner = engine.organization.ensure()
  return { engine, owner, path, close: () => db.close() }
}
