import { createHash } from 'node:crypto'
import { openDatabase, type Db } from '../../src/main/db/open'
import { createRepos, type Repos } from '../../src/main/db/repos'
import type { Actor, EngineDeps } from '../../src/main/engine/deps'
import { createEngine, type Engine } from '../../src/main/engine/engine'
import { createDispatcher } from '../../src/main/rpc/dispatcher'
import type { Channel, Input, Output } from '../../src/shared/contracts'
import type { Result } from '../../src/shared/result'

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0)

/** A clock tests can move. */
export function testClock(start = T0) {
  let t = start
  return {
    now: () => t,
    set: (ms: number) => void (t = ms),
    advance: (ms: number) => void (t += ms),
  }
}

/**
 * A clock that moves with wall time from `start` (tests whose server runs for real seconds and
 * whose timers, minute boundaries included, must agree with the engine's time); `set` and
 * `advance` still move it.
 */
export function runningClock(start = T0): ReturnType<typeof testClock> {
  let offset = start - Date.now()
  return {
    now: () => Date.now() + offset,
    set: (ms: number) => void (offset = ms - Date.now()),
    advance: (ms: number) => void (offset += ms),
  }
}

/** Deterministic random bytes (a SHA-256 counter stream): same seed, same tokens. */
export function seededRandom(seed = 'tessera') {
  let counter = 0
  return (n: number): Uint8Array => {
    const out = Buffer.alloc(n)
    for (let off = 0; off < n; off += 32) {
      createHash('sha256').update(`${seed}:${counter++}`).digest().copy(out, off)
    }
    return out
  }
}

type Call = <C extends Channel>(channel: C, input?: Input<C>) => Promise<Result<Output<C>>>
type Value = <C extends Channel>(channel: C, input?: Input<C>) => Promise<Output<C>>

export interface TestEngine {
  engine: Engine
  deps: EngineDeps
  /** The connection, for tests that look at or seed the file directly. */
  db: Db
  /** Repositories over the same connection (seeding and reading rows the engine keeps inside). */
  repos: Repos
  clock: ReturnType<typeof testClock>
  owner: Actor
  /** Calls the real dispatcher as the Owner; returns the Result envelope. */
  call: Call
  /** Same, but throws on a failure and returns the value. */
  value: Value
  /** The dispatcher as someone else (an Administrator who is not the Owner, say). */
  as: (actor: Actor) => { call: Call; value: Value }
  /** Closes the connection (temp-file tests, before reading the files). */
  close: () => void
}

/**
 * An engine over a fresh database (':memory:' unless a path is given) with a fixed clock, or
 * the clock given (`runningClock()` for one that moves with wall time).
 */
export function makeEngine(
  path = ':memory:',
  clock = testClock(),
  extra: Pick<EngineDeps, 'logKeys'> = {},
): TestEngine {
  const db = openDatabase(path)
  const deps: EngineDeps = { db, now: clock.now, randomBytes: seededRandom(), ...extra }
  const engine = createEngine(deps)
  const owner = engine.organization.ensure({
    title: 'Acme Labeling',
    ownerEmail: 'owner@acme.test',
  })
  const dispatch = createDispatcher({ log: () => {} })
  const as = (actor: Actor) => {
    const call: Call = (channel, input) =>
      dispatch(channel, input, { engine, actor }) as Promise<Result<Output<typeof channel>>>
    const value: Value = async (channel, input) => {
      const r = await call(channel, input)
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`)
      return r.value
    }
    return { call, value }
  }
  const repos = createRepos(db)
  return { engine, deps, db, repos, clock, owner, ...as(owner), as, close: () => db.close() }
}

/** Every row of every table, for "nothing changed" assertions. */
export function snapshotTables(db: Db): Record<string, unknown[]> {
  const tables = db
    .prepare<
      [],
      { name: string }
    >("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
  return Object.fromEntries(
    tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]),
  )
}
