import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { openDatabase } from '../db/open'
import { defaultDeps, type Actor } from '../engine/deps'
import { createEngine, type Engine } from '../engine/engine'
import { defaultDbPath } from './paths'

export interface Opened {
  engine: Engine
  /** The organization Owner: the CLI and the headless server's local operator. */
  owner: Actor
  path: string
  close(): void
}

/** Opens (creating if needed) the database and its organization. */
export function openEngine(dbPath?: string): Opened {
  const path = dbPath ? resolve(dbPath) : defaultDbPath()
  mkdirSync(dirname(path), { recursive: true })
  const db = openDatabase(path)
  const engine = createEngine(defaultDeps(db))
  const owner = engine.organization.ensure()
  return { engine, owner, path, close: () => db.close() }
}
