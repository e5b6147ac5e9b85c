import { createHash } from 'node:crypto'
import { openDatabase } from '../../src/main/db/open'
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

export interface TestEngine {
  engine: Engine
  deps: EngineDeps
  clock: ReturnType<typeof testClock>
  owner: Actor
  /** Calls the real dispatcher as the Owner; returns the Result envelope. */
  call: <C extends Channel>(channel: C, input?: Input<C>) => Promise<Result<Output<C>>>
  /** Same, but throws on a failure and returns the value. */
  value: <C extends Channel>(channel: C, input?: Input<C>) => Promise<Output<C>>
}

/** An engine over a fresh database (':memory:' unless a path is given) with a fixed clock. */
export function makeEngine(path = ':memory:'): TestEngine {
  const db = openDatabase(path)
  const clock = testClock()
  const deps: EngineDeps = { db, now: clock.now, randomBytes: seededRandom() }
  const engine = createEngine(deps)
  const owner = engine.organization.ensure({ title: 'Acme Labeling', ownerEmail: 'owner@acme.test' })
  const dispatch = createDispatcher({ log: () => {} })
  const call = <C extends Channel>(channel: C, input?: Input<C>) =>
    dispatch(channel, input, { engine, actor: owner }) as Promise<Result<Output<C>>>
  const value = async <C extends Channel>(channel: C, input?: Input<C>) => {
    const r = await call(channel, input)
    if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`)
    return r.value
  }
  return { engine, deps, clock, owner, call, value }
}
